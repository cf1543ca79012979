/* Display preferences (text size, high contrast) applied before first paint, and the 朗读 button.
   Loaded as a blocking classic script in <head> on purpose: a deferred one would flash. */
(function () {
  var d = document.documentElement;
  var KEY_TEXT = 'fanzha:text';
  var KEY_CONTRAST = 'fanzha:contrast';
  function read(k) {
    try { return localStorage.getItem(k); } catch (e) { return null; }
  }
  function write(k, v) {
    try { localStorage.setItem(k, v); } catch (e) { /* private mode: the choice lasts this page */ }
  }
  var size = read(KEY_TEXT);
  if (size && /^[0-3]$/.test(size)) d.setAttribute('data-text', size);
  if (read(KEY_CONTRAST) === 'high') d.setAttribute('data-contrast', 'high');
  d.classList.add('js');

  function sync() {
    var cur = d.getAttribute('data-text') || '0';
    var btns = document.querySelectorAll('[data-text-size]');
    for (var i = 0; i < btns.length; i++) {
      btns[i].setAttribute('aria-pressed', String(btns[i].getAttribute('data-text-size') === cur));
    }
    var hc = d.getAttribute('data-contrast') === 'high';
    var c = document.querySelectorAll('[data-contrast-toggle]');
    for (var j = 0; j < c.length; j++) c[j].setAttribute('aria-pressed', String(hc));
  }

  var synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
  function readAloud(btn) {
    var target = document.querySelector(btn.getAttribute('data-read-aloud') || 'main');
    if (!synth || !target) return;
    if (synth.speaking) {
      synth.cancel();
      btn.setAttribute('aria-pressed', 'false');
      return;
    }
    var u = new SpeechSynthesisUtterance((target.innerText || target.textContent || '').slice(0, 4000));
    u.lang = 'zh-CN';
    u.rate = 0.9;
    u.onend = u.onerror = function () { btn.setAttribute('aria-pressed', 'false'); };
    btn.setAttribute('aria-pressed', 'true');
    synth.speak(u);
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (synth) d.classList.add('can-speak');
    sync();
    // The home page's paste box hands the message to /check/ through sessionStorage, never the URL.
    var entry = document.querySelector('form[data-check-entry]');
    if (entry) {
      entry.addEventListener('submit', function (ev) {
        var box = entry.querySelector('textarea');
        if (!box || !box.value.trim()) return;
        try { sessionStorage.setItem('fanzha:check-draft', box.value); } catch (e) { return; }
        ev.preventDefault();
        location.href = '/check/';
      });
    }
    document.addEventListener('click', function (ev) {
      var t = ev.target instanceof Element ? ev.target.closest('[data-text-size],[data-contrast-toggle],[data-read-aloud]') : null;
      if (!t) return;
      if (t.hasAttribute('data-text-size')) {
        var v = t.getAttribute('data-text-size');
        d.setAttribute('data-text', v);
        write(KEY_TEXT, v);
      } else if (t.hasAttribute('data-contrast-toggle')) {
        var on = d.getAttribute('data-contrast') !== 'high';
        if (on) d.setAttribute('data-contrast', 'high');
        else d.removeAttribute('data-contrast');
        write(KEY_CONTRAST, on ? 'high' : 'normal');
      } else {
        readAloud(t);
      }
      sync();
    });
  });
})();
