/* gkml reading aids: 长者版 (elder mode), 字号 大/中/小 (text size) and 打印 (print); on a
   phone, the 栏目导航 button that opens and closes the navigation, and the 搜索 button
   that opens and closes the header's search box where it folds; 简/繁 opens the other
   edition at the heading being read (#…), and a page reached from elsewhere offers the
   edition the reader chose (offerEdition).

   Loaded in <head> without defer: it is small, and it must set the remembered reading mode
   before the first paint, or a page would flash in the standard size first. The CSP allows
   only files of the site itself ('self'): no inline script, no request to anywhere else.

   The modes are classes on <html> that swap CSS tokens (assets/gkml.css). The choice is kept
   in localStorage, so it is remembered across the pages of the site (over http(s), and from
   file:// in Chromium-based browsers); where storage is blocked it lasts for one page.

   Without JavaScript:
   - the 长者版 link still works on the page being read: it points at #gk-elder (a mark
     before the 标准版 link) and the CSS swaps the tokens while it is the target; the next
     page is in the standard mode;
   - 字号 and 打印 stay hidden (CSS shows them under html.gk-js) (browser zoom, Ctrl/⌘ +, and the browser's print command do the
     same); the accessibility statement (accessibility.html) explains both.
   With JavaScript the links set the stored choice without the fragment: a fragment left in
   the address brought 长者版 back on Back after 标准版 was chosen. The focus moves to the
   link that takes the chosen one's place (it would fall back to the top of the page). An
   address with #gk-elder opens the page in 长者版 and keeps it chosen (a link sent to a
   parent), as the link would. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MODE = "gk-mode";
  var SIZE = "gk-size";
  var SIZES = ["large", "small"];
  var EDITION = "gk-edition"; // the lang of the edition read last
  var FOLDS = "[data-gk-nav], [data-gk-search-fold]"; // the phone's 栏目导航 and 搜索 buttons
  var memory = {}; // the choices of this page, where storage is blocked

  function read(key) {
    try {
      return window.localStorage.getItem(key) || "";
    } catch (e) {
      return memory[key] || "";
    }
  }

  function write(key, value) {
    memory[key] = value;
    try {
      if (value) {
        window.localStorage.setItem(key, value);
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (e) {
      /* storage blocked: the class below still applies to this page */
    }
  }

  function apply() {
    var size = read(SIZE);
    root.classList.toggle("gk-mode-elder", read(MODE) === "elder");
    SIZES.forEach(function (name) {
      root.classList.toggle("gk-size-" + name, size === name);
    });
    var buttons = document.querySelectorAll("[data-gk-size]");
    [].forEach.call(buttons, function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-gk-size") === size));
    });
    fit(); // the text size changed
  }

  /* The text size or the screen changed. A short screen (a phone on its side) is 20 lines
     of body text tall or less (gkml.css, a short screen): of the page's own (the root's
     size, 大 or 小, times --gk-text-body, 1.5 in 长者版) or of the browser's, all that a
     media query's em knows. The larger: 小 keeps the folds of the browser's size (unfolded
     for 小 on 568 × 320, the heading's first line was below the screen). With 大, 25 lines
     (divided by --gk-em, 0.8rem): the folds that ask the width (40em, 60em) ask the
     browser's size, so 大's rows wrap as on a screen a quarter narrower, and in 长者版 a
     window 601-663 px tall kept the open header, an item's heading's first line at 596-664
     px (671-738 at 1024 px wide). gkml.css folds the header under html.gk-short. A table may
     scroll now, or no longer (scrollBoxes).
     Or the page's heading would have its first line below the screen under the open header:
     the header's rows depend on the width too, and with 大 at 740 × 501-537 px, or in 长者版
     at 1024 × 481-530 (the links' second row: their 60em fold stops at 960 px), 25 or 20
     lines were too few, the first line ending at 538 and 531 px (a re-walk). Measured with
     the header open; before the page is read (in <head>) there is no heading yet. */
  function fit() {
    var style = getComputedStyle(root);
    var rows = 20 * parseFloat(style.fontSize) * (parseFloat(style.getPropertyValue("--gk-text-body")) || 1) / (parseFloat(style.getPropertyValue("--gk-em")) || 1) + "px";
    var heading = document.querySelector("main h1");
    root.classList.remove("gk-short");
    root.classList.toggle("gk-short", [rows, "20em"].some(function (height) {
      return window.matchMedia("(max-height: " + height + ")").matches;
    }) || !!heading && heading.getBoundingClientRect().top + scrollY + parseFloat(getComputedStyle(heading).lineHeight) > innerHeight);
    scrollBoxes();
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日";
  }

  function onClick(event) {
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    /* 简/繁 takes the place read along: the same heading (#…; its id is the same in both
       editions). A reader's walk opened the other edition at its top. */
    var edition = target.closest("a[hreflang]");
    if (edition) { edition.hash = location.hash; return; }
    var mode = target.closest("[data-gk-mode]");
    if (mode) {
      event.preventDefault();
      var elder = mode.getAttribute("data-gk-mode") === "elder";
      write(MODE, elder ? "elder" : "");
      if (!elder) { leaveElderTarget(); }
      apply();
      if (elder) { foldTree(); } // 长者版 folds up to 60em (a re-walk: switched at 800 px)
      var other = document.querySelector('[data-gk-mode="' + (elder ? "standard" : "elder") + '"]');
      if (other) { other.focus(); }
      return;
    }
    var size = target.closest("[data-gk-size]");
    if (size) {
      write(SIZE, size.getAttribute("data-gk-size"));
      apply();
      return;
    }
    var fold = target.closest(FOLDS);
    if (fold) {
      var open = fold.getAttribute("aria-expanded") !== "true";
      var region = setFold(fold, open);
      var input = region && region.querySelector("input"); // 搜索's box: the focus moves to it
      if (open && input) { input.focus(); }
      return;
    }
    if (target.closest("[data-gk-print]")) {
      window.print();
    }
  }

  /* Escape closes the open 搜索 or 栏目导航 fold that holds the focus, and gives the focus
     back to its button (a re-walk: a keyboard reader had to find the button again). Only
     that: Chromium's Escape in a search box also empties it, and a reader who closed the
     fold to look at the page found the query gone on opening it again (a keyboard walk).
     The search page's own box, in no fold, keeps the browser's Escape that empties it. An
     Escape while an input method composes (拼音 typed, no character chosen) is the input
     method's: it drops the syllables. */
  function onKey(event) {
    if (event.key !== "Escape" || event.isComposing) { return; }
    var open = document.querySelectorAll('[data-gk-nav][aria-expanded="true"], [data-gk-search-fold][aria-expanded="true"]');
    [].forEach.call(open, function (button) {
      var region = document.getElementById(button.getAttribute("aria-controls"));
      var focus = document.activeElement;
      if (focus !== button && !(region && region.contains(focus))) { return; }
      event.preventDefault();
      button.focus(); // first: the focus hidden by the fold would open it again (onFocusOut)
      setFold(button, false);
    });
  }

  /* The window changed (the phone turned: 740 × 360 → 360 × 740) with the focus in what a
     fold now hides: the navigation's links, shown in a row, folded behind 栏目导航, closed,
     and the focus fell to the top of the page (a keyboard walk). The fold opens instead, as
     one opened by its button stays open when the phone turns: the reader keeps the place,
     and Escape closes it onto its button. On the focus's loss, not on resize: Chromium
     takes the focus away before or after the resize event, as it comes. */
  function onFocusOut(event) {
    var lost = event.target;
    if (event.relatedTarget || lost.getClientRects().length) { return; }
    [].forEach.call(document.querySelectorAll(FOLDS), function (button) {
      var region = document.getElementById(button.getAttribute("aria-controls"));
      if (region && region.contains(lost) && button.getClientRects().length) {
        setFold(button, true);
        lost.focus();
      }
    });
  }

  /* Open or close the fold of *button* (栏目导航 or 搜索: the CSS reads its aria-expanded,
     and the search box's data-gk-folded); return what it holds. */
  function setFold(button, open) {
    var region = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", String(open));
    if (region && button.hasAttribute("data-gk-search-fold")) {
      region.setAttribute("data-gk-folded", String(!open));
    }
    return region;
  }

  /* 标准版 chosen on a page opened at #gk-elder: the mark is no longer the target (the CSS of
     #gk-elder:target), in place in the history (history.replaceState leaves :target as it
     was). */
  function leaveElderTarget() {
    if (location.hash === "#gk-elder") {
      location.replace("#gk-standard");
    }
  }

  /* A body's table box is a tab stop only while it scrolls: the keyboard needs it then
     (WCAG 2.1.1), and a stop that does nothing is noise (an accessibility pass counted six on
     an annual report that fitted). Without JavaScript every box stays a stop. */
  function scrollBoxes() {
    var boxes = document.querySelectorAll(".gk-table-wrap[role='region']");
    [].forEach.call(boxes, function (box) {
      var wide = box.scrollWidth > box.clientWidth;
      /* the CSS shows the box's hint above a table that scrolls (a reader's walk: on a phone
         the columns past the edge were cut with no cue) */
      box.classList.toggle("gk-table-wrap--wide", wide);
      if (wide) {
        box.setAttribute("tabindex", "0");
      } else if (box !== document.activeElement) {
        box.removeAttribute("tabindex");
      }
    });
  }

  /* The home tree's folds start closed on a phone (40em; 60em in 长者版, as the menu's):
     a county's tree of 55 columns made the page 8,000 px long there before the newest items
     (a county walk). Without JavaScript, and on a wide screen, they stay open. */
  function foldTree() {
    var narrow = root.classList.contains("gk-mode-elder") ? "(max-width: 60em)" : "(max-width: 40em)";
    if (!window.matchMedia || !window.matchMedia(narrow).matches) { return; }
    var folds = document.querySelectorAll("details[data-gk-fold]");
    [].forEach.call(folds, function (fold) { fold.removeAttribute("open"); });
  }

  /* 简/繁 is remembered: the edition of the last page reached by a link of this site (the
     switch, or reading on). A page of the other edition reached from elsewhere (a search
     engine, a bookmark) offers the remembered one at the top of its content: a link, never
     a redirect (the reader decides, and a crawler sees each edition as it is). A 繁體
     reader's walk came from a search engine to 简体 pages and had to find the switch on
     each. Not from a disc (file://), where no page says where the reader came from. The
     site is its home link's folder (the 简体 one): a bureau's portal on the same host is
     elsewhere. */
  function offerEdition() {
    var other = document.querySelector(".gk-tools a[hreflang]");
    var main = document.getElementById("main");
    var home = document.querySelector(".gk-header__title a");
    if (!other || !main || !home || location.protocol === "file:") { return; }
    var lang = other.hreflang;
    var site = home.href.replace(/(zh-hant\/)?index\.html$/, "");
    if (document.referrer.indexOf(site) === 0 || read(EDITION) !== lang) {
      write(EDITION, root.lang);
      return;
    }
    var note = document.createElement("p");
    var link = other.cloneNode(false);
    var hant = /Hant/.test(lang);
    note.className = "gk-notice";
    note.lang = lang; // the words are in the other edition's script
    note.textContent = hant ? "您上次閱讀的是繁體版：" : "您上次阅读的是简体版：";
    link.textContent = hant ? "打開本頁的繁體版" : "打开本页的简体版";
    note.appendChild(link);
    main.insertBefore(note, main.firstChild);
  }

  function ready() {
    foldTree();
    offerEdition();
    var url = document.querySelector("[data-gk-page-url]");
    /* The printed page's address: this one, with a search's query (the canonical address of
       search.html said nothing of what was searched, a readers' walk). */
    if (url && (!url.textContent || document.getElementById("gk-search-form"))) {
      var here = location.href.split("#")[0];
      /* From a disc (file://) the search page's public address, with the query: a file:///
         path said nothing on paper (a print walk); none without a base_url (the line goes). */
      var canonical = url.textContent;
      if (location.protocol === "file:") {
        here = canonical ? canonical.split("?")[0] + location.search : "";
      }
      url.textContent = here;
    }
    apply(); // the table boxes' tab stops too (scrollBoxes)
    /* spacing set once the page is read (an extension's, WCAG 1.4.12) resizes the heading */
    var heading = document.querySelector("main h1");
    if (heading && window.ResizeObserver) new ResizeObserver(fit).observe(heading);
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("focusout", onFocusOut);
  }

  /* shows the 字号 and 打印 controls (CSS), before the first paint: no layout shift */
  root.classList.add("gk-js");
  /* An address with #gk-elder (a link sent to a parent) chooses 长者版 as the link does: kept
     in the class, not only in #gk-elder:target, which the first in-page link (跳到正文) would
     end. */
  if (location.hash === "#gk-elder") {
    write(MODE, "elder");
  }
  apply();
  /* another tab changed the mode */
  window.addEventListener("storage", apply);
  /* the phone turned, the window was resized */
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", function () {
    /* a printed page shows the whole tree, as a wide screen does (a re-walk printed it
       folded from a phone) */
    [].forEach.call(document.querySelectorAll("details[data-gk-fold]"), function (fold) {
      fold.setAttribute("open", "");
    });
    var stamp = document.querySelector("[data-gk-print-date]");
    if (stamp) {
      stamp.textContent = "打印日期：" + today();
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
