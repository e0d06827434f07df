// The a3c dashboard: polls api/dashboard every two seconds and redraws. No other network access.
'use strict';

(function () {
  const POLL_MS = 2000;
  const COLORS = {
    avg: '#1f6feb',
    episode: '#8f9bab',
    band: 'rgba(143, 155, 171, 0.22)',
    target: '#2f9e44',
    evaluation: '#d6336c',
    steps: '#e8590c',
    updates: '#7048e8',
    staleness: '#0ca678',
    grid: '#e9ecef',
  };

  const $ = (id) => document.getElementById(id);

  function groupDigits(n) {
    const sign = n < 0 ? '-' : '';
    return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  function fmtInt(n) { return n === null || n === undefined ? '–' : groupDigits(Math.round(n)); }
  function fmtNum(x, digits) { return x === null || x === undefined ? '–' : x.toFixed(digits); }
  function fmtShort(n) {
    const a = Math.abs(n);
    if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e3) return (n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k';
    return String(Math.round(n * 100) / 100);
  }
  function fmtDuration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const r = s % 60;
    return h + ':' + String(m).padStart(2, '0') + ':' + String(r).padStart(2, '0');
  }
  function fmtClock(seconds) {
    const s = Math.max(0, Math.round(seconds));
    const m = Math.floor(s / 60);
    return m >= 60 ? Math.floor(m / 60) + 'h' + String(m % 60).padStart(2, '0') : m + ':' + String(s % 60).padStart(2, '0');
  }
  function fmtAge(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 60) return seconds.toFixed(1) + ' s ago';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    return (seconds / 3600).toFixed(1) + ' h ago';
  }

  function setValue(id, text, raw) {
    const el = $(id);
    el.textContent = text;
    el.dataset.value = raw === null || raw === undefined ? '' : String(raw);
  }

  const baseOptions = () => ({
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { labels: { boxWidth: 14, boxHeight: 2, font: { size: 11 } } } },
  });

  function linearAxis(title, format) {
    return {
      type: 'linear',
      title: { display: true, text: title, font: { size: 11 } },
      grid: { color: COLORS.grid },
      ticks: { font: { size: 11 }, maxTicksLimit: 9, callback: format },
    };
  }

  const curveOptions = Object.assign(baseOptions(), {
    parsing: false,
    scales: { x: linearAxis('env steps', fmtShort), y: linearAxis('return', fmtShort) },
  });
  curveOptions.plugins.legend.labels.filter = (item) => !item.text.startsWith('episode return (');

  const curveChart = new Chart($('curve'), {
    type: 'line',
    data: {
      datasets: [
        { label: 'episode return (max)', data: [], borderWidth: 0, pointRadius: 0, fill: '+1',
          backgroundColor: COLORS.band, borderColor: 'rgba(0,0,0,0)', order: 3 },
        { label: 'episode return (min)', data: [], borderWidth: 0, pointRadius: 0, fill: false,
          borderColor: 'rgba(0,0,0,0)', order: 3 },
        { label: 'episode return', data: [], showLine: false, pointRadius: 1.6, pointBorderWidth: 0,
          pointBackgroundColor: COLORS.episode, borderColor: COLORS.episode, backgroundColor: COLORS.episode, order: 2 },
        { label: '100-episode average', data: [], borderColor: COLORS.avg, backgroundColor: COLORS.avg,
          borderWidth: 3, pointRadius: 0, order: 1 },
        { label: 'target', data: [], borderColor: COLORS.target, backgroundColor: COLORS.target,
          borderWidth: 1.5, borderDash: [6, 4], pointRadius: 0, order: 0 },
        { label: 'evaluation (fresh episodes)', data: [], borderColor: COLORS.evaluation,
          backgroundColor: COLORS.evaluation, borderWidth: 2, pointRadius: 3, order: 0 },
      ],
    },
    options: curveOptions,
  });

  const throughputChart = new Chart($('throughput'), {
    type: 'line',
    data: {
      datasets: [
        { label: 'env steps / s', data: [], borderColor: COLORS.steps, backgroundColor: COLORS.steps,
          borderWidth: 2, pointRadius: 0, yAxisID: 'y' },
        { label: 'updates / s', data: [], borderColor: COLORS.updates, backgroundColor: COLORS.updates,
          borderWidth: 2, pointRadius: 0, yAxisID: 'y1' },
      ],
    },
    options: Object.assign(baseOptions(), {
      parsing: false,
      scales: {
        x: linearAxis('elapsed', fmtClock),
        y: Object.assign(linearAxis('env steps / s', fmtShort), { position: 'left', beginAtZero: true }),
        y1: Object.assign(linearAxis('updates / s', fmtShort), { position: 'right', beginAtZero: true,
          grid: { drawOnChartArea: false } }),
      },
    }),
  });

  const stalenessChart = new Chart($('staleness'), {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'pushes', data: [], backgroundColor: COLORS.staleness }] },
    options: Object.assign(baseOptions(), {
      plugins: { legend: { display: false } },
      scales: {
        x: { title: { display: true, text: 'staleness (versions)', font: { size: 11 } }, grid: { display: false },
          ticks: { font: { size: 11 } } },
        y: { title: { display: true, text: 'recent pushes', font: { size: 11 } }, beginAtZero: true,
          grid: { color: COLORS.grid }, ticks: { font: { size: 11 }, precision: 0 } },
      },
    }),
  });

  // Where each chart's plot area is on the page, for tests that look at a screenshot.
  function markPlotArea(chart) {
    const rect = chart.canvas.getBoundingClientRect();
    const area = chart.chartArea;
    chart.canvas.parentElement.dataset.plot = [rect.left + area.left + window.scrollX, rect.top + area.top + window.scrollY,
      rect.left + area.right + window.scrollX, rect.top + area.bottom + window.scrollY].map(Math.round).join(',');
  }

  function points(xs, ys) {
    const out = [];
    for (let i = 0; i < xs.length; i++) {
      if (ys[i] !== null && ys[i] !== undefined) out.push({ x: xs[i], y: ys[i] });
    }
    return out;
  }

  function renderHeadline(h) {
    $('env').textContent = h.env;
    const state = $('state');
    state.textContent = h.finished ? 'finished' : 'training';
    state.className = 'pill ' + (h.finished ? 'pill-finished' : 'pill-training');
    const banner = $('stop-reason');
    banner.hidden = !h.stop_reason;
    banner.textContent = h.stop_reason ? 'Stopped: ' + h.stop_reason : '';
    setValue('h-env-steps', fmtInt(h.env_steps), h.env_steps);
    $('h-max-steps').textContent = 'of ' + fmtShort(h.max_steps) + ' budget';
    setValue('h-updates', fmtInt(h.updates), h.updates);
    $('h-version').textContent = 'version ' + fmtInt(h.version);
    setValue('h-episodes', fmtInt(h.episodes), h.episodes);
    setValue('h-avg100', fmtNum(h.avg_return_100, 1), h.avg_return_100);
    setValue('h-best', fmtNum(h.best_avg_return_100, 1), h.best_avg_return_100);
    setValue('h-target', h.target_return === null ? 'none' : fmtNum(h.target_return, 1), h.target_return);
    setValue('h-eval', fmtNum(h.eval_mean_return, 1), h.eval_mean_return);
    const evalNote = $('h-eval-note');
    evalNote.textContent = h.eval_mean_return === null ? 'none yet'
      : '± ' + fmtNum(h.eval_stderr_return, 1) + ' · best ' + fmtNum(h.best_eval_mean_return, 1);
    evalNote.title = h.eval_mean_return === null ? ''
      : 'latest: ' + h.eval_episodes + ' fresh episodes; best: version ' + fmtInt(h.best_eval_version);
    setValue('h-workers', fmtInt(h.active_workers), h.active_workers);
    $('h-workers-known').textContent = 'of ' + h.known_workers + ' registered';
    $('envs-per-worker').textContent = h.envs_per_worker + (h.envs_per_worker === 1 ? ' env' : ' envs') + ' per worker';
    setValue('h-elapsed', fmtDuration(h.wall_seconds), h.wall_seconds);
    setValue('h-steps-per-second', fmtInt(h.steps_per_second), Math.round(h.steps_per_second));
    document.title = 'a3c · ' + h.env + ' · ' + fmtNum(h.avg_return_100, 1);
  }

  function renderCurve(c, h, e) {
    const ds = curveChart.data.datasets;
    ds[5].data = points(e.env_steps, e.mean);
    ds[0].data = points(c.env_steps, c.max);
    ds[1].data = points(c.env_steps, c.min);
    ds[2].data = points(c.env_steps, c.mean);
    ds[3].data = points(c.env_steps, c.avg_return_100);
    const xMax = Math.max(h.env_steps, c.env_steps.length ? c.env_steps[c.env_steps.length - 1] : 0);
    ds[4].data = h.target_return === null ? [] : [{ x: 0, y: h.target_return }, { x: xMax, y: h.target_return }];
    const perPoint = c.episodes.length ? Math.max.apply(null, c.episodes) : 1;
    $('curve-hint').textContent = c.env_steps.length === 0 ? 'no episode finished yet'
      : perPoint > 1 ? 'dots: mean return of up to ' + perPoint + ' episodes, band: their min to max'
        : 'dots: one episode each';
    curveChart.update('none');
    markPlotArea(curveChart);
  }

  function renderThroughput(t) {
    throughputChart.data.datasets[0].data = points(t.wall_seconds, t.steps_per_second);
    throughputChart.data.datasets[1].data = points(t.wall_seconds, t.updates_per_second);
    throughputChart.update('none');
    markPlotArea(throughputChart);
  }

  function renderStaleness(s) {
    stalenessChart.data.labels = s.labels;
    stalenessChart.data.datasets[0].data = Array.from(s.counts);
    $('staleness-hint').textContent = s.window === 0 ? 'no push yet'
      : 'last ' + fmtInt(s.window) + ' pushes: mean ' + fmtNum(s.mean, 1) + ', p90 ' + s.p90 + ', max ' + s.max;
    stalenessChart.update('none');
    markPlotArea(stalenessChart);
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function renderWorkers(workers) {
    const body = $('workers').tBodies[0];
    body.replaceChildren();
    if (workers.length === 0) {
      const row = body.insertRow();
      const td = cell(row, 'no worker has registered yet', 'empty');
      td.colSpan = 9;
      return;
    }
    for (const w of workers) {
      const row = body.insertRow();
      row.dataset.workerId = String(w.id);
      row.dataset.state = w.state;
      cell(row, String(w.id));
      cell(row, w.host);
      cell(row, String(w.pid));
      const state = document.createElement('span');
      state.className = 'pill pill-' + w.state;
      state.textContent = w.state;
      cell(row, '').appendChild(state);
      cell(row, fmtInt(w.pushes), 'num').dataset.value = String(w.pushes);
      cell(row, fmtInt(w.env_steps), 'num').dataset.value = String(w.env_steps);
      cell(row, fmtAge(w.last_push_age_seconds), 'num');
      cell(row, w.last_staleness === null ? '–' : String(w.last_staleness), 'num');
      cell(row, fmtAge(w.last_seen_age_seconds), 'num');
    }
  }

  function render(view) {
    renderHeadline(view.headline);
    renderCurve(view.curve, view.headline, view.evaluations);
    renderThroughput(view.throughput);
    renderStaleness(view.staleness);
    renderWorkers(view.workers);
  }

  let polls = 0;
  async function poll() {
    try {
      const response = await fetch('api/dashboard', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      polls++;
      document.body.dataset.polls = String(polls);
      delete document.body.dataset.error;
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      document.body.dataset.error = String(e);
      const state = $('state');
      state.textContent = 'unreachable';
      state.className = 'pill pill-unreachable';
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }
  poll();
})();
