/**
 * The analyst page's charts, drawn with Chart.js, which this module loads
 * only when the first chart is drawn (a separate chunk). Trend by
 * day/week/month, cases by top category and by channel.
 * @module analyst/charts
 */

/** @type {Promise<typeof import('chart.js')>|null} */
let library = null;

/** @return {Promise<typeof import('chart.js')>} Chart.js with the parts used here registered. */
function load() {
  library ||= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.LineController, m.DoughnutController, m.BarElement, m.LineElement, m.PointElement, m.ArcElement,
      m.CategoryScale, m.LinearScale, m.Tooltip, m.Legend, m.Filler);
    m.Chart.defaults.font.family = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';
    m.Chart.defaults.animation = false;
    return m;
  });
  return library;
}

/** Charts drawn per canvas, destroyed before the canvas is drawn again. @type {WeakMap<HTMLCanvasElement, {destroy: function(): void}>} */
const drawn = new WeakMap();

const PALETTE = ['#1565c0', '#ef6c00', '#2e7d32', '#6a1b9a', '#c62828', '#00838f', '#9e9d24', '#5d4037', '#ad1457', '#455a64'];

/**
 * @param {HTMLCanvasElement} canvas Where to draw.
 * @param {'bar'|'line'|'doughnut'} type Chart type.
 * @param {Array<string>} labels Labels.
 * @param {Array<number>} values Values.
 * @param {string} title Dataset title.
 * @return {Promise<void>} Drawn.
 */
export async function drawChart(canvas, type, labels, values, title) {
  const {Chart} = await load();
  drawn.get(canvas)?.destroy();
  const chart = new Chart(canvas, {
    type,
    data: {
      labels,
      datasets: [
        {
          label: title,
          data: values,
          backgroundColor: type === 'doughnut' ? labels.map((_, i) => PALETTE[i % PALETTE.length]) : 'rgba(21,101,192,0.6)',
          borderColor: type === 'line' ? '#1565c0' : undefined,
          fill: type === 'line',
          pointRadius: type === 'line' ? 1.5 : undefined,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      plugins: {legend: {display: type === 'doughnut', position: 'right'}},
      scales: type === 'doughnut' ? {} : {y: {beginAtZero: true, ticks: {precision: 0}}},
    },
  });
  drawn.set(canvas, chart);
  canvas.dataset.drawn = String(values.length);
}
