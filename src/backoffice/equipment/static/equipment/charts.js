// Equipment charts: a bar chart for every <canvas class="equipment-chart">, its data in a json_script element.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") {
    return;
  }
  for (const canvas of document.querySelectorAll("canvas.equipment-chart")) {
    const source = document.getElementById(canvas.dataset.chartSource);
    if (!source) {
      continue;
    }
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.pages.map((row) => row.month),
        datasets: [{ label: canvas.dataset.chartLabel, data: data.pages.map((row) => row.pages) }],
      },
      options: { responsive: true, plugins: { legend: { display: false } } },
    });
  }
});
