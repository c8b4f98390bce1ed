// Report charts: each canvas names the json_script element holding its data (no inline script: strict CSP).
(function () {
  "use strict";
  function draw(canvas) {
    const node = document.getElementById(canvas.dataset.chart);
    if (!node) { return; }
    const spec = JSON.parse(node.textContent);
    const twoAxes = spec.series.some(function (s) { return s.axis === "right"; });
    const scales = {
      x: { stacked: spec.stacked },
      y: { stacked: spec.stacked, beginAtZero: true },
    };
    if (twoAxes) {
      scales.right = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } };
    }
    new Chart(canvas, {
      type: spec.kind,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          const set = { label: s.label, data: s.data, yAxisID: s.axis };
          if (s.kind) { set.type = s.kind; }
          return set;
        }),
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: spec.kind === "doughnut" ? {} : scales,
        plugins: { title: { display: true, text: spec.title } },
      },
    });
    canvas.dataset.drawn = "true";
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
