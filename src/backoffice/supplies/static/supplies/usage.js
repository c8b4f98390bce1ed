// Usage charts: data comes from json_script elements, so the page needs no inline script (strict CSP).
(function () {
  "use strict";
  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function draw() {
    if (typeof Chart === "undefined") { return; }
    const monthly = data("usage-monthly");
    const canvas = document.getElementById("usage-chart");
    if (monthly && canvas) {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: monthly.labels,
          datasets: [
            { label: canvas.dataset.quantityLabel, data: monthly.quantity, yAxisID: "y" },
            { label: canvas.dataset.costLabel, data: monthly.cost, type: "line", yAxisID: "cost" },
          ],
        },
        options: { scales: { y: { beginAtZero: true }, cost: { beginAtZero: true, position: "right" } } },
      });
    }
    const departments = data("usage-departments");
    const pie = document.getElementById("department-chart");
    if (departments && pie) {
      new Chart(pie, { type: "doughnut", data: { labels: departments.labels, datasets: [{ data: departments.cost }] } });
    }
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
