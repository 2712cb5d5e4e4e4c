// Report charts: each .report-chart box reads its data from the JSON script beside it
// (rendered by the server in the user's language) and draws it with ECharts. A click on a bar,
// a point or a slice opens the list of the records behind it, as the row of the table does.
(function () {
  "use strict";
  var zh = /^zh/i.test(document.documentElement.lang || "");

  function percent(value) { return value == null ? "" : (value * 100).toFixed(1) + "%"; }

  function option(data) {
    if (data.type === "pie") {
      var s = data.series[0];
      return {
        tooltip: { trigger: "item" },
        legend: { bottom: 0, type: "scroll" },
        series: [{ type: "pie", radius: ["35%", "65%"], name: s.name,
          data: data.labels.map(function (label, i) { return { name: label, value: s.data[i] }; }),
          label: { formatter: "{b}: {c} ({d}%)" } }]
      };
    }
    var hasCount = data.series.some(function (s) { return !s.pct; });
    var twoAxes = hasCount && data.series.some(function (s) { return s.pct; });
    var yAxis = [{ type: "value", minInterval: 1 }];
    if (twoAxes) {
      yAxis.push({ type: "value", max: 1, axisLabel: { formatter: percent }, splitLine: { show: false } });
    } else if (!hasCount) {
      yAxis = [{ type: "value", max: 1, axisLabel: { formatter: percent } }];
    }
    return {
      tooltip: { trigger: "axis", valueFormatter: null },
      legend: { show: data.series.length > 1, bottom: 0 },
      grid: { left: 48, right: twoAxes ? 56 : 24, top: 24, bottom: data.series.length > 1 ? 56 : 32, containLabel: true },
      xAxis: { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: data.labels.length > 8 ? 30 : 0 } },
      yAxis: yAxis,
      series: data.series.map(function (s) {
        var line = data.type === "line" || (twoAxes && s.pct);
        return {
          name: s.name, type: line ? "line" : "bar", data: s.data, stack: data.stack && !s.pct ? "total" : null,
          yAxisIndex: twoAxes && s.pct ? 1 : 0,
          label: { show: data.labels.length <= 12 && !line, position: "top", formatter: s.pct ? function (p) { return percent(p.value); } : "{c}" },
          tooltip: { valueFormatter: s.pct ? percent : null }
        };
      })
    };
  }

  function draw(box) {
    var source = document.getElementById(box.dataset.chart);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(box, null, { locale: zh ? "ZH" : "EN", renderer: "canvas" });
    chart.setOption(option(data));
    chart.on("click", function (params) {
      var url = data.urls[params.dataIndex];
      if (url) window.location.href = url;
    });
    box.dataset.ready = "1";
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll(".report-chart").forEach(draw);
  // A row of a table opens the same list as its bar.
  document.querySelectorAll(".report-table tr[data-href]").forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a")) return;
      window.location.href = row.dataset.href;
    });
  });
})();
