/* 朗读本页: reads the page's main content aloud with the browser's own speech synthesis, in Chinese.
   Shown only where the browser has a Chinese voice; voices often arrive a moment after the page
   (the voiceschanged event), so the button appears then. Nothing is sent anywhere: the browser
   or the phone speaks. The 朗读本页 button says whether it is reading (aria-pressed); pressing it
   again, or 停止朗读, stops. */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var article = document.querySelector("article.md-content__inner");
  if (!synth || !article || typeof window.SpeechSynthesisUtterance !== "function") { return; }

  // The buttons are made here, not in every page's HTML: they are of no use without this script.
  // Placed first in the content, after the skip link's target, so Tab reaches them right after it.
  function button(className, label) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.textContent = label;
    return made;
  }
  var box = document.createElement("div");
  box.className = "pt-reader";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "朗读");
  box.hidden = true;
  var readButton = button("pt-reader__read", "朗读本页");
  readButton.setAttribute("aria-pressed", "false");
  readButton.title = "用手机或电脑的语音读出本页正文";
  var stopButton = button("pt-reader__stop", "停止朗读");
  stopButton.hidden = true;
  box.appendChild(readButton);
  box.appendChild(stopButton);
  var target = document.getElementById("pt-main");
  article.insertBefore(box, target ? target.nextSibling : article.firstChild);
  var voice = null;
  var readings = 0;
  var reading = 0; // which reading is under way (0: none); a stopped reading's late events are ignored

  // Mainland Mandarin first, then any Chinese voice the browser has.
  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var mandarin = /^(zh[-_](CN|Hans)|cmn)([-_]|$)/i, chinese = /^(zh|cmn|yue)([-_]|$)/i;  // zh-CN, zh_CN, cmn-Hans-CN
    return voices.filter(function (v) { return mandarin.test(v.lang); })[0]
      || voices.filter(function (v) { return chinese.test(v.lang); })[0] || null;
  }

  // What a sighted reader sees of the content: innerText leaves out what is hidden (the printed
  // sheet's parts, the search facets), this tool and the edit button.
  function text() {
    var parts = [];
    Array.prototype.forEach.call(article.children, function (child) {
      if (child !== box && !child.matches(".md-content__button")) { parts.push(child.innerText); }
    });
    return parts.join("\n");
  }

  // Short pieces, cut at the end of a sentence or clause: some browsers stop an utterance that
  // lasts longer than about 15 seconds. A line (a heading, a table cell) always ends its piece.
  function pieces(all) {
    var out = [];
    all.split(/\n+/).forEach(function (line) {
      var piece = "";
      (line.match(/[^。！？；，、：!?;,:]+[。！？；，、：!?;,:]*/g) || []).forEach(function (clause) {
        if (piece && piece.length + clause.length > 60) { out.push(piece.trim()); piece = ""; }
        piece += clause;
      });
      if (piece.trim()) { out.push(piece.trim()); }
    });
    return out;
  }

  function show(state) {
    readButton.setAttribute("aria-pressed", state ? "true" : "false");
    stopButton.hidden = !state;
  }

  function stop() {
    reading = 0;
    synth.cancel();
    show(false);
  }

  function read() {
    synth.cancel();
    var id = reading = ++readings;
    var queue = pieces(text());
    show(true);
    queue.forEach(function (piece, i) {
      var utterance = new SpeechSynthesisUtterance(piece);
      utterance.lang = voice.lang;
      utterance.voice = voice;
      if (i === queue.length - 1) {
        utterance.onend = function () { if (reading === id) { reading = 0; show(false); } };
      }
      utterance.onerror = function () { if (reading === id) { stop(); } };
      synth.speak(utterance);
    });
  }

  function update() {
    voice = chineseVoice();
    if (!voice && reading) { stop(); }
    box.hidden = !voice;
  }

  readButton.addEventListener("click", function () {
    if (reading) { stop(); } else { read(); }
  });
  stopButton.addEventListener("click", function () {
    stop();
    readButton.focus();  // the stop button disappears: keep the keyboard where it was
  });
  window.addEventListener("pagehide", function () { if (reading) { stop(); } });
  if (synth.addEventListener) { synth.addEventListener("voiceschanged", update); } else { synth.onvoiceschanged = update; }
  update();
})();
