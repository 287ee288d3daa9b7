// The operator page: polls the daemon, shows the live frame, recent decisions and counts, and sends teach, ROI and
// threshold changes with the token. Plain script, no libraries: the page must work with no network.
'use strict';

const $ = id => document.getElementById(id);
const tokenInput = $('token');
tokenInput.value = localStorage.getItem('edgesearch-token') || '';
tokenInput.addEventListener('change', () => localStorage.setItem('edgesearch-token', tokenInput.value));

let latestFrameId = null;
// Set while the ROI fields hold a box the operator drew or typed and has not saved: refreshes leave them alone.
let roiEdited = false;

function say(text, isError) {
  const message = $('message');
  message.textContent = text;
  message.className = isError ? 'error' : '';
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function change(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + tokenInput.value },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error || `${path}: ${response.status}`);
  return answer;
}

const number = (value, digits) => value === null || value === undefined ? '–' : Number(value).toFixed(digits);

function showStatus(status) {
  $('status').textContent = (status.waiting ? `waiting: ${status.waiting} · ` : '') +
    (status.outputs_off ? `no GPIO outputs: ${status.outputs_off} · ` : '') +
    `camera ${status.camera} · ${status.frames} frames · model ${status.model_sha256 || '–'} · ` +
    `gallery ${status.gallery_version || '–'} (${status.gallery_entries} entries) · threshold ${number(status.threshold, 3)}` +
    (status.defect_threshold === null ? '' : `, defect labels ${number(status.defect_threshold, 3)}`);
  $('changes-state').textContent = status.changes_allowed
    ? 'Teach, ROI and threshold need the token above.'
    : 'Changes are off: the daemon has no Web:Token.';
  for (const [name, period] of [['hour', status.hour], ['shift', status.shift]]) {
    const row = $('count-' + name);
    while (row.children.length > 1) row.lastChild.remove();
    for (const value of [period.total, period.ok, period.defect, period.unknown,
      period.yield === null ? '–' : (100 * period.yield).toFixed(1) + ' %']) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.appendChild(cell);
    }
  }
  $('count-labels').textContent = 'This shift by label: ' +
    (Object.entries(status.shift.labels).map(([label, n]) => `${label} ${n}`).join(', ') || 'none yet');
  if (status.roi && !roiEdited) {
    for (const key of ['x', 'y', 'width', 'height']) $('roi-' + key).value = status.roi[key];
  }
  if (document.activeElement !== $('threshold')) $('threshold').value = number(status.threshold, 3);
}

function decisionRow(d) {
  const item = document.createElement('li');
  item.dataset.frameId = d.frame_id;
  const picture = document.createElement('img');
  picture.src = d.picture;
  picture.alt = `frame ${d.frame_id}`;
  picture.className = 'picture';
  item.appendChild(picture);
  const text = document.createElement('div');
  text.innerHTML = `<strong class="outcome-${d.outcome}"></strong> <span class="label"></span><br>` +
    `sim <span class="similarity"></span> · margin <span class="margin"></span><br><small class="frame"></small>`;
  text.querySelector('strong').textContent = d.outcome;
  text.querySelector('.label').textContent = d.label;
  text.querySelector('.similarity').textContent = number(d.similarity, 3);
  text.querySelector('.margin').textContent = number(d.margin, 3);
  text.querySelector('.frame').textContent = `${d.frame_id} ${new Date(d.time).toLocaleTimeString()}` + (d.evidence ? ` · ${d.evidence}` : '');
  item.appendChild(text);
  if (d.reference) {
    const reference = document.createElement('img');
    reference.src = d.reference;
    reference.alt = `nearest reference #${d.nearest_id} ${d.nearest_label}`;
    reference.title = reference.alt;
    reference.className = 'reference';
    item.appendChild(reference);
  }
  const teach = document.createElement('form');
  teach.className = 'teach';
  teach.innerHTML = '<input name="label" placeholder="label" required> <button type="submit">Teach</button>';
  teach.addEventListener('submit', async event => {
    event.preventDefault();
    const label = teach.elements.label.value.trim();
    try {
      const answer = await change('/api/teach', { frame_id: d.frame_id, label });
      say(`Frame ${d.frame_id} enrolled as #${answer.id} '${answer.label}'` +
        (answer.durable ? ', saved' : '') + (answer.in_use ? ' and in use from the next frame.' : '; the gallery reload failed (see the log).'));
    } catch (error) {
      say(`Teach refused: ${error.message}`, true);
    }
  });
  item.appendChild(teach);
  return item;
}

function showDecisions(decisions) {
  const list = $('decisions');
  const wanted = new Set(decisions.map(d => d.frame_id));
  for (const item of [...list.children]) if (!wanted.has(item.dataset.frameId)) item.remove();
  const present = new Map([...list.children].map(item => [item.dataset.frameId, item]));
  let previous = null;
  for (const d of decisions) {
    const item = present.get(d.frame_id) || decisionRow(d);
    if (previous === null ? list.firstChild !== item : previous.nextSibling !== item)
      list.insertBefore(item, previous === null ? list.firstChild : previous.nextSibling);
    previous = item;
  }
  const newest = decisions[0];
  if (newest && newest.frame_id !== latestFrameId) {
    latestFrameId = newest.frame_id;
    $('live').src = newest.picture;
    $('live').dataset.frameId = newest.frame_id;
    $('live-caption').textContent = `${newest.outcome} ${newest.label} · sim ${number(newest.similarity, 3)} · frame ${newest.frame_id}`;
  }
}

async function refresh() {
  try {
    const [status, decisions] = await Promise.all([getJson('/api/status'), getJson('/api/decisions')]);
    showStatus(status);
    showDecisions(decisions);
  } catch (error) {
    $('status').textContent = 'daemon not answering: ' + error.message;
  }
}

// The ROI editor: the latest frame as the camera gives it, a box dragged on it in frame pixels.
const editor = $('roi-editor'), roiFrame = $('roi-frame'), roiBox = $('roi-box');
let dragStart = null;

function framePoint(event) {
  const bounds = roiFrame.getBoundingClientRect();
  const scale = roiFrame.naturalWidth / bounds.width;
  return {
    x: Math.round(Math.min(Math.max(event.clientX - bounds.left, 0), bounds.width) * scale),
    y: Math.round(Math.min(Math.max(event.clientY - bounds.top, 0), bounds.height) * scale),
  };
}

function showBox() {
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map(k => Number($('roi-' + k).value));
  if (!roiFrame.naturalWidth || !(width > 0) || !(height > 0)) { roiBox.style.display = 'none'; return; }
  const scale = roiFrame.getBoundingClientRect().width / roiFrame.naturalWidth;
  Object.assign(roiBox.style, { display: 'block', left: x * scale + 'px', top: y * scale + 'px', width: width * scale + 'px', height: height * scale + 'px' });
}

editor.addEventListener('mousedown', event => { if (roiFrame.naturalWidth) { dragStart = framePoint(event); event.preventDefault(); } });
window.addEventListener('mousemove', event => {
  if (!dragStart) return;
  const end = framePoint(event);
  $('roi-x').value = Math.min(dragStart.x, end.x);
  $('roi-y').value = Math.min(dragStart.y, end.y);
  $('roi-width').value = Math.abs(end.x - dragStart.x);
  $('roi-height').value = Math.abs(end.y - dragStart.y);
  roiEdited = true;
  showBox();
});
window.addEventListener('mouseup', () => { dragStart = null; });
for (const key of ['x', 'y', 'width', 'height']) $('roi-' + key).addEventListener('input', () => { roiEdited = true; showBox(); });
roiFrame.addEventListener('load', showBox);
// The editor starts on the first frame seen, once the live picture above it has loaded (or failed to): that first
// load moves the editor down, and a box being dragged would move with it. "Latest frame" brings it up to date.
for (const settled of ['load', 'error']) {
  $('live').addEventListener(settled, () => {
    if (!roiFrame.getAttribute('src')) roiFrame.src = `/api/frames/${$('live').dataset.frameId}/frame.png`;
  });
}
$('roi-reload').addEventListener('click', () => {
  if (latestFrameId) roiFrame.src = `/api/frames/${latestFrameId}/frame.png`;
});
$('roi-save').addEventListener('click', async () => {
  const roi = Object.fromEntries(['x', 'y', 'width', 'height'].map(k => [k, Number($('roi-' + k).value)]));
  try {
    const answer = await change('/api/roi', roi);
    roiEdited = false;
    say(`Region of interest saved to ${answer.saved_to}` + (answer.in_use ? ', in use from the next frame.' : '; the reload failed (see the log).'));
  } catch (error) {
    say(`ROI refused: ${error.message}`, true);
  }
});
$('threshold-save').addEventListener('click', async () => {
  try {
    const answer = await change('/api/threshold', { threshold: Number($('threshold').value) });
    say(`Threshold ${answer.threshold} saved to ${answer.saved_to}` + (answer.in_use ? ', in use from the next frame.' : '.'));
  } catch (error) {
    say(`Threshold refused: ${error.message}`, true);
  }
});

refresh();
setInterval(refresh, 1000);
