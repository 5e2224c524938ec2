/* The HTML report's script: tabs, the "show open flows" switch, and highlighting a node's flows. No data lives in the script. */
(function () {
  'use strict';
  var tabs = document.querySelectorAll('#matrix .tab');
  var panels = document.querySelectorAll('#matrix .panel');
  tabs.forEach(function (tab) {
    tab.addEventListener('click', function () {
      tabs.forEach(function (t) { var on = t === tab; t.classList.toggle('active', on); t.setAttribute('aria-selected', String(on)); });
      panels.forEach(function (p) { p.hidden = p.getAttribute('data-panel') !== tab.getAttribute('data-panel'); });
    });
  });
  document.querySelectorAll('table.heatmap').forEach(function (table) {
    table.addEventListener('mouseover', function (event) {
      var td = event.target && event.target.closest ? event.target.closest('td.cell') : null;
      if (!td || td.title) { return; }
      var source = td.parentNode.querySelector('th').textContent;
      var destination = table.querySelectorAll('thead th')[td.cellIndex].textContent;
      var port = table.getAttribute('data-port');
      td.title = source + ' \u2192 ' + destination + (port === 'all'
        ? ': allowed on ' + (td.textContent || '0') + ' probed port(s)'
        : ' on ' + port + ': ' + (td.classList.contains('allowed') ? 'allowed' : 'denied'));
    });
  });
  var svg = document.querySelector('svg.graph');
  var open = document.getElementById('show-open');
  if (svg && open) {
    open.addEventListener('change', function () { svg.classList.toggle('hide-open', !open.checked); });
  }
  if (svg) {
    var focused = null;
    svg.querySelectorAll('.node').forEach(function (node) {
      node.addEventListener('click', function () {
        var name = node.getAttribute('data-workload');
        focused = focused === name ? null : name;
        svg.classList.toggle('focus', focused !== null);
        svg.querySelectorAll('.hit').forEach(function (e) { e.classList.remove('hit'); });
        if (focused === null) { return; }
        node.classList.add('hit');
        svg.querySelectorAll('.edge').forEach(function (edge) {
          var s = edge.getAttribute('data-source'), d = edge.getAttribute('data-destination');
          if (s === focused || d === focused) {
            edge.classList.add('hit');
            svg.querySelectorAll('.node').forEach(function (n) {
              var w = n.getAttribute('data-workload');
              if (w === s || w === d) { n.classList.add('hit'); }
            });
          }
        });
      });
    });
  }
  document.body.setAttribute('data-script', 'ready');
})();
