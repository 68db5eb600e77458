// Xiaoer's audio player and in-browser latency meter (loaded into the page's <head>).
//
// The server streams each sentence's speech as a line "seq|index|base64-WAV" into a hidden text field; feed()
// queues new lines and plays them one after another in a single <audio> element, so speech starts while the
// answer text is still streaming. A newer turn (higher seq) flushes the queue; stop() and a new question drop
// the running turn's audio at once, and any late lines of it are ignored.
//
// metrics: one entry per question, times in ms from the end of the customer's input (Send, end of recording,
// photo upload) to the first answer text shown and to the first audio playing.
(() => {
  if (window.xiaoer) return;
  const X = {
    seq: 0, blocked: 0, seen: new Set(), queue: [], playing: false, metrics: [], played: [], lastError: null,
  };
  window.xiaoer = X;

  function latestSeq() {
    let s = X.seq;
    document.querySelectorAll("#xiaoer-convo .x-turn").forEach((el) => { s = Math.max(s, +el.dataset.seq || 0); });
    return s;
  }

  function player() {
    let a = document.getElementById("xiaoer-player");
    if (!a) {
      a = document.createElement("audio");
      a.id = "xiaoer-player";
      a.preload = "auto";
      document.body.appendChild(a);
      a.addEventListener("ended", () => { X.playing = false; next(); });
      a.addEventListener("playing", () => X.played.push({ seq: +a.dataset.seq, index: +a.dataset.index, t: performance.now() }));
    }
    return a;
  }

  function next() {
    const item = X.queue.shift();
    if (!item) { X.playing = false; return; }
    const a = player();
    const bytes = Uint8Array.from(atob(item.b64), (c) => c.charCodeAt(0));
    if (a.src && a.src.startsWith("blob:")) URL.revokeObjectURL(a.src);
    a.src = URL.createObjectURL(new Blob([bytes], { type: "audio/wav" }));
    a.dataset.seq = item.seq;
    a.dataset.index = item.index;
    X.playing = true;
    a.play().catch((e) => { X.playing = false; X.lastError = String(e); next(); });
  }

  X.flush = () => {
    X.queue = [];
    const a = player();
    a.pause();
    if (a.src && a.src.startsWith("blob:")) URL.revokeObjectURL(a.src);
    a.removeAttribute("src");
    X.playing = false;
  };

  X.feed = (text) => {
    if (!text) return;
    for (const line of text.split("\n")) {
      const i1 = line.indexOf("|");
      const i2 = line.indexOf("|", i1 + 1);
      if (i1 < 0 || i2 < 0) continue;
      const seq = +line.slice(0, i1);
      const index = +line.slice(i1 + 1, i2);
      if (seq <= X.blocked || seq < X.seq) continue;
      if (seq > X.seq) { X.flush(); X.seq = seq; }
      const key = seq + ":" + index;
      if (X.seen.has(key)) continue;
      X.seen.add(key);
      X.queue.push({ seq, index, b64: line.slice(i2 + 1) });
    }
    if (!X.playing) next();
  };

  // Stop: silence now, and never play the running turn's remaining audio.
  X.stop = () => { X.blocked = Math.max(X.blocked, latestSeq()); X.flush(); };

  // The customer finished an input: the running answer stops, and a latency measurement starts.
  X.inputEnd = (kind) => {
    X.stop();
    X.metrics.push({ kind, t0: performance.now(), afterSeq: X.blocked, firstText: null, firstAudio: null });
  };

  // First audio heard after an input: any media element on the page (this player, or Gradio's own streaming
  // audio when the page is built with audio_mode="gradio") starting to play.
  document.addEventListener("playing", (ev) => {
    const now = performance.now();
    const mine = ev.target && ev.target.id === "xiaoer-player";
    for (const m of X.metrics) {
      if (m.firstAudio != null) continue;
      if (mine && !(+ev.target.dataset.seq > m.afterSeq)) continue;
      m.firstAudio = now - m.t0;
      m.firstAudioAt = now;
    }
  }, true);

  // First answer text (or notice) of a turn shown on the page.
  new MutationObserver(() => {
    const open = X.metrics.filter((m) => m.firstText == null);
    if (!open.length) return;
    const turns = document.querySelectorAll("#xiaoer-convo .x-turn");
    const last = turns[turns.length - 1];
    if (!last) return;
    const seq = +last.dataset.seq || 0;
    const shown = last.querySelector(".x-a-text, .x-notice");
    if (!shown || !shown.textContent.trim()) return;
    const now = performance.now();
    for (const m of open) if (seq > m.afterSeq) { m.firstText = now - m.t0; m.firstTextAt = now; }
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });

  // Microphone permission: say so in the page's language instead of failing silently.
  document.addEventListener("click", (ev) => {
    const mic = document.getElementById("xiaoer-mic");
    if (!mic || !mic.contains(ev.target) || !navigator.mediaDevices) return;
    navigator.mediaDevices.getUserMedia({ audio: true })
      .then((s) => s.getTracks().forEach((t) => t.stop()))
      .catch(() => {
        const box = document.getElementById("xiaoer-alert");
        if (box) box.innerHTML = '<div class="x-alert">' + (box.querySelector("[data-mic-denied]")?.dataset.micDenied || "Microphone unavailable") + "</div>";
      });
  }, true);

  X.kiosk = (on) => document.body.classList.toggle("xiaoer-kiosk", !!on);
})();
