// Draws the charts of a page with ECharts (vendored, loaded by the pages that have charts).
// A chart is a <figure class="chart" data-chart="line|bar|pie"> holding a .chart-canvas and
// its data either inline (<script type="application/json">) or at data-src (one fetch per
// address; data-key picks the chart from the answer). The data is
//   { labels: [...], series: [{ name, kind: "bar"|"line"|"pie", unit: ""|"%", data: [...] }] }
// and the figure's <details> holds the same numbers as a table, rendered by the server, so
// nothing is lost without this file.
(function () {
  'use strict';
  if (!window.echarts) return;
  var answers = {};
  var drawn = [];
  var narrow = function () { return window.matchMedia('(max-width: 640px)').matches; };

  function fetchJson(src) {
    if (!answers[src]) {
      answers[src] = fetch(src, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        });
    }
    return answers[src];
  }

  function dataOf(fig) {
    var inline = fig.querySelector('script[type="application/json"]');
    if (inline) return Promise.resolve(JSON.parse(inline.textContent));
    return fetchJson(fig.dataset.src).then(function (d) {
      return fig.dataset.key ? d[fig.dataset.key] : d;
    });
  }

  var withUnit = function (unit) {
    return function (v) { return v === null || v === undefined ? '—' : v + unit; };
  };

  function pieOption(d) {
    var s = d.series[0];
    var small = narrow();
    return {
      tooltip: { trigger: 'item', formatter: '{b}<br>{c}（{d}%）' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{
        name: s.name,
        type: 'pie',
        radius: small ? ['30%', '58%'] : ['35%', '65%'],
        center: ['50%', '45%'],
        label: { show: !small, formatter: '{b}\n{c}' },
        data: d.labels.map(function (label, i) { return { name: label, value: s.data[i] }; })
      }]
    };
  }

  // A comparison of many names reads better lying down: the bars run left to right and the
  // chart grows with the number of names.
  // A trend keeps its periods along the bottom however many there are.
  function lying(d) {
    if (d.kind === 'line') return false;
    var counts = d.series.every(function (s) { return s.unit !== '%'; });
    return counts && (d.labels.length > 6 || narrow());
  }

  function axesOption(d) {
    var rates = d.series.some(function (s) { return s.unit === '%'; });
    var flat = lying(d);
    var category = {
      type: 'category',
      data: d.labels,
      axisLabel: flat ? { width: narrow() ? 80 : 140, overflow: 'truncate' }
        // A few names upright are all shown, each wrapped under its bar.
        : d.labels.length <= 8 ? { interval: 0, width: 64, overflow: 'break' } : { hideOverlap: true }
    };
    var values = [{ type: 'value', minInterval: 1 }];
    if (rates) values.push({ type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } });
    var series = d.series.map(function (s) {
      return {
        name: s.name,
        type: s.kind === 'line' ? 'line' : 'bar',
        yAxisIndex: !flat && s.unit === '%' ? 1 : 0,
        data: s.data,
        barMaxWidth: 28,
        tooltip: { valueFormatter: withUnit(s.unit) }
      };
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: flat ? values[0] : category,
      yAxis: flat ? Object.assign({ inverse: true }, category) : values,
      series: series
    };
  }

  function draw(fig, d) {
    var canvas = fig.querySelector('.chart-canvas');
    if (!canvas || !d || !d.labels || d.labels.length === 0) return;
    fig.classList.add('drawn');
    if (fig.dataset.chart !== 'pie' && lying(d)) {
      canvas.style.height = Math.max(260, 60 + d.labels.length * 26 * d.series.length) + 'px';
    }
    var chart = window.echarts.init(canvas, null, { renderer: 'canvas' });
    chart.setOption(fig.dataset.chart === 'pie' ? pieOption(d) : axesOption(d));
    drawn.push({ fig: fig, data: d, chart: chart });
  }

  function failed(fig) {
    fig.classList.add('chart-failed');
    var details = fig.querySelector('details');
    if (details) details.open = true;
  }

  document.querySelectorAll('figure.chart').forEach(function (fig) {
    dataOf(fig).then(function (d) { draw(fig, d); }).catch(function () { failed(fig); });
  });

  // Redrawn on a resize: the size, and whether bars lie down, follow the window.
  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      drawn.forEach(function (c) {
        c.chart.setOption(c.fig.dataset.chart === 'pie' ? pieOption(c.data) : axesOption(c.data), true);
        c.chart.resize();
      });
    }, 150);
  });
})();
