// The page's text readouts: the loss table, the step counter and measured
// correlation, the URL notice and the divergence banner. All text goes in
// through textContent; values from the URL are quoted, never parsed as markup.

const $ = (id) => document.getElementById(id);

const fmtLoss = (x) => (Number.isFinite(x) ? x.toFixed(4) : '—');

/** Step counter, measured Pearson and the per-model loss table. */
export function showSummary(summary, t, modelColors) {
  $('step').textContent = summary.step.toLocaleString('en-US');
  $('pearson').textContent = (summary.labelPearson >= 0 ? '+' : '') + summary.labelPearson.toFixed(2);
  const rows = summary.models.map((m) => {
    const tr = document.createElement('tr');
    tr.dataset.model = m.model;
    const name = document.createElement('th');
    name.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = modelColors[m.model] ?? '#888';
    name.append(swatch, t(`model.${m.model}`));
    if (m.divergedAt != null) {
      const tag = document.createElement('span');
      tag.className = 'tag-bad';
      tag.textContent = ` ${t('table.diverged')}`;
      name.append(tag);
    }
    const loss = m.latest?.test_loss ?? [NaN, NaN];
    const cells = [m.params.toLocaleString('en-US'), fmtLoss(loss[0]), fmtLoss(loss[1])].map((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i > 0) td.dataset.task = i === 1 ? 'a' : 'b';
      return td;
    });
    tr.append(name, ...cells);
    return tr;
  });
  $('readout').tBodies[0].replaceChildren(...rows);
}

/** The URL notice: structured notes → one sentence each, in the current language. */
export function showNotes(notes, t, onDismiss) {
  const box = $('notice');
  if (notes.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const heading = document.createElement('p');
  heading.className = 'notice-heading';
  heading.textContent = t('notice.heading');
  const list = document.createElement('ul');
  for (const note of notes) {
    const li = document.createElement('li');
    li.textContent = t(`notice.${note.kind}`, note);
    list.append(li);
  }
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'notice-dismiss';
  dismiss.textContent = t('notice.dismiss');
  dismiss.addEventListener('click', onDismiss);
  box.replaceChildren(heading, list, dismiss);
  box.hidden = false;
}

/** Models that diverged, as `[{model, step}]`. */
export function divergedModels(summary) {
  return summary.models.filter((m) => m.divergedAt != null).map((m) => ({ model: m.model, step: m.divergedAt }));
}

/** Shows or hides the divergence banner. */
export function showDiverged(diverged, t) {
  const box = $('diverged');
  if (diverged.length === 0) {
    box.hidden = true;
    return;
  }
  const models = diverged.map((d) => t(`model.${d.model}`)).join(', ');
  const step = Math.min(...diverged.map((d) => d.step));
  $('diverged-text').textContent = t('diverged.message', { models, step });
  box.hidden = false;
}
