// The organization and person pickers (templates/kit/node_picker.html, person_picker.html):
// the form sends a hidden number; the user sees and types names. Typing a few characters of a name, its pinyin
// initials or its pinyin lists matches with the names above them; the caret button browses
// the tree a level at a time. Offers come from data-src (/orgs/pick by default), limited to
// the nodes the user may use for the form's action (data-for); people from /people/pick.
(function () {
  'use strict';
  var seq = 0;

  var ask = function (picker, params) {
    var url = (picker.dataset.src || '/orgs/pick') + '?' + params + '&for=' + encodeURIComponent(picker.dataset.for || '');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; });
  };

  var parts = function (picker) {
    return {
      hidden: picker.querySelector('input[type=hidden]'),
      text: picker.querySelector('.picker-text'),
      list: picker.querySelector('.picker-list')
    };
  };

  var close = function (picker) {
    var p = parts(picker);
    p.list.hidden = true;
    p.list.innerHTML = '';
    p.text.setAttribute('aria-expanded', 'false');
    p.text.removeAttribute('aria-activedescendant');
  };

  var choose = function (picker, offer) {
    var p = parts(picker);
    p.hidden.value = String(offer.id);
    p.text.value = offer.name;
    p.text.title = offer.above ? offer.above + ' › ' + offer.name : offer.name;
    p.text.removeAttribute('aria-invalid');
    var err = picker.querySelector('.picker-error');
    if (err) err.remove();
    close(picker);
    p.hidden.dispatchEvent(new Event('change', { bubbles: true }));
  };

  var option = function (picker, offer, i) {
    var li = document.createElement('li');
    li.setAttribute('role', 'option');
    li.id = parts(picker).list.id + '-' + i;
    li.className = 'picker-option' + (offer.disabled ? ' off' : '');
    var name = document.createElement('span');
    name.className = 'picker-name';
    name.textContent = offer.name;
    var where = document.createElement('small');
    where.textContent = [offer.above, offer.kind].filter(Boolean).join(' · ');
    li.appendChild(name);
    li.appendChild(where);
    li.addEventListener('mousedown', function (e) {
      e.preventDefault();
      if (!e.target.closest('.picker-open')) choose(picker, offer);
    });
    if (offer.has_children && picker.dataset.browsing) {
      var open = document.createElement('button');
      open.type = 'button';
      open.className = 'picker-open';
      open.textContent = '›';
      open.setAttribute('aria-label', picker.dataset.open + ' ' + offer.name);
      open.addEventListener('mousedown', function (e) {
        e.preventDefault();
        level(picker, offer);
      });
      li.appendChild(open);
    }
    return li;
  };

  // Shows the offers; `back` (when browsing below the top) leads one level up.
  var show = function (picker, offers, back) {
    var p = parts(picker);
    p.list.innerHTML = '';
    if (back) {
      var up = document.createElement('li');
      up.className = 'picker-up';
      up.setAttribute('role', 'option');
      up.id = p.list.id + '-up';
      up.textContent = '‹ ' + picker.dataset.up + (back.name ? '（' + back.name + '）' : '');
      up.addEventListener('mousedown', function (e) {
        e.preventDefault();
        var stack = picker.stack || [];
        stack.pop();
        level(picker, stack.pop() || null);
      });
      p.list.appendChild(up);
    }
    if (!offers.length) {
      var none = document.createElement('li');
      none.className = 'picker-none';
      none.textContent = picker.dataset.none;
      p.list.appendChild(none);
    }
    offers.forEach(function (o, i) { p.list.appendChild(option(picker, o, i)); });
    picker.offers = offers;
    picker.active = -1;
    p.list.hidden = false;
    p.text.setAttribute('aria-expanded', 'true');
  };

  // Browsing: the top nodes, or the children of `at`.
  var level = function (picker, at) {
    picker.dataset.browsing = '1';
    picker.stack = picker.stack || [];
    if (at) picker.stack.push(at);
    var n = ++seq;
    picker.seq = n;
    ask(picker, at ? 'parent=' + at.id : 'top=1').then(function (offers) {
      if (picker.seq !== n) return;
      show(picker, offers, at ? { name: at.name } : null);
    });
  };

  var search = function (picker) {
    var p = parts(picker);
    var text = p.text.value.trim();
    delete picker.dataset.browsing;
    picker.stack = [];
    if (!text) {
      close(picker);
      return;
    }
    var n = ++seq;
    picker.seq = n;
    ask(picker, 'q=' + encodeURIComponent(text)).then(function (offers) {
      if (picker.seq !== n) return;
      var same = offers.filter(function (o) { return o.name === text; });
      if (same.length === 1) p.hidden.value = String(same[0].id);
      show(picker, offers, null);
    });
  };

  var move = function (picker, by) {
    var p = parts(picker);
    var items = p.list.querySelectorAll('.picker-option');
    if (!items.length) return;
    picker.active = (picker.active + by + items.length) % items.length;
    items.forEach(function (li, i) { li.setAttribute('aria-selected', i === picker.active ? 'true' : 'false'); });
    var cur = items[picker.active];
    p.text.setAttribute('aria-activedescendant', cur.id);
    cur.scrollIntoView({ block: 'nearest' });
  };

  var wire = function (picker) {
    if (picker.dataset.wired) return;
    picker.dataset.wired = '1';
    var p = parts(picker);
    var timer = 0;
    p.text.addEventListener('input', function () {
      p.hidden.value = '';
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { search(picker); }, 200);
    });
    p.text.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (!p.list.hidden) move(picker, e.key === 'ArrowDown' ? 1 : -1);
        else if (browse) level(picker, null);
        else search(picker);
      } else if (e.key === 'Enter' && !p.list.hidden && picker.active >= 0) {
        e.preventDefault();
        choose(picker, picker.offers[picker.active]);
      } else if (e.key === 'Escape' && !p.list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close(picker);
      }
    });
    var browse = picker.querySelector('.picker-browse');
    if (browse) {
      browse.addEventListener('click', function () {
        if (!p.list.hidden && picker.dataset.browsing) {
          close(picker);
          return;
        }
        picker.stack = [];
        level(picker, null);
        p.text.focus();
      });
    }
    picker.addEventListener('focusout', function () {
      window.setTimeout(function () {
        if (!picker.contains(document.activeElement)) close(picker);
      }, 150);
    });
  };

  // A value the page was given: a node number is shown by its name; anything else (what a
  // user typed before the form came back with an error) stays as text to correct.
  var label = function (pickers) {
    var byFor = {};
    pickers.forEach(function (picker) {
      var p = parts(picker);
      var v = p.hidden.value.trim();
      if (!v) return;
      if (!/^\d+$/.test(v)) {
        p.text.value = v;
        p.hidden.value = '';
        return;
      }
      var key = picker.dataset.for || '';
      (byFor[key] = byFor[key] || []).push(picker);
    });
    Object.keys(byFor).forEach(function (key) {
      var group = byFor[key];
      var ids = group.map(function (picker) { return parts(picker).hidden.value; });
      ask(group[0], 'ids=' + ids.join(',')).then(function (offers) {
        group.forEach(function (picker) {
          var p = parts(picker);
          var o = offers.filter(function (x) { return String(x.id) === p.hidden.value; })[0];
          if (o) {
            p.text.value = o.name;
            p.text.title = o.above ? o.above + ' › ' + o.name : o.name;
          }
        });
      });
    });
  };

  var init = function (root) {
    var pickers = Array.prototype.slice.call(root.querySelectorAll('[data-picker]'));
    pickers.forEach(wire);
    label(pickers);
  };

  // A name typed but not chosen is not sent as a number: the form stops and says so.
  document.addEventListener('submit', function (e) {
    e.target.querySelectorAll('[data-picker]').forEach(function (picker) {
      var p = parts(picker);
      if (p.hidden.value || !p.text.value.trim() || e.defaultPrevented) return;
      e.preventDefault();
      p.text.setAttribute('aria-invalid', 'true');
      if (!picker.querySelector('.picker-error')) {
        var err = document.createElement('span');
        err.className = 'picker-error error';
        err.setAttribute('role', 'alert');
        err.textContent = picker.dataset.choose;
        picker.appendChild(err);
      }
      p.text.focus();
      search(picker);
    });
  }, true);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener('htmx:afterSettle', function (e) { init(e.target); });
})();
