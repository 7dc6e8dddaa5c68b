// Placeholder page: loads the wasm core, races three models on a small data set
// and shows the step counter and test losses. The full lab replaces it.
import init, { Lab } from './pkg/mtl_playground.js';

const $ = (id) => document.getElementById(id);

function showLosses(summary) {
  const rows = summary.models.map((m) => {
    const tr = document.createElement('tr');
    const loss = m.latest ? m.latest.test_loss : [NaN, NaN];
    for (const text of [m.label, loss[0].toFixed(4), loss[1].toFixed(4)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  $('losses').tBodies[0].replaceChildren(...rows);
  $('step').textContent = String(summary.step);
}

async function main() {
  await init();
  const lab = new Lab({
    data: { task_correlation: 0.5, train_samples: 8192, test_samples: 2048 },
    models: ['shared_bottom', 'omoe', 'mmoe'],
    record_every: 20,
    eval_samples: 1024,
  });
  showLosses(lab.summary());
  let playing = false;
  const frame = () => {
    if (!playing) return;
    showLosses(lab.train(12, 10000));
    requestAnimationFrame(frame);
  };
  $('play').disabled = false;
  $('status').textContent = '就绪 / ready';
  $('play').addEventListener('click', () => {
    playing = !playing;
    $('play').textContent = playing ? '⏸ 暂停 / Pause' : '▶ 开始 / Play';
    $('status').textContent = playing ? '训练中 / training' : '已暂停 / paused';
    if (playing) requestAnimationFrame(frame);
  });
}

main().catch((err) => {
  $('status').textContent = `无法启动 / could not start: ${err.message ?? err}`;
});
