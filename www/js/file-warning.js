// Module scripts never run from file:// (no origin), so this plain, classic
// script explains how to serve the page instead of leaving it at "Loading…".
// It is a file of its own, not inline, so that the page's Content-Security-Policy
// (script-src 'self') needs no exception for it.
if (location.protocol === 'file:') {
  document.getElementById('file-warning').hidden = false;
  document.getElementById('status').textContent = 'file:// — 请用网页服务器打开 / serve over http';
}
