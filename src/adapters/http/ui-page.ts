/** A small self-contained status page: apps, sync and health, refreshed every two seconds. */
export function uiPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tugboat</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b2733;background:#f6f8fa}
h1{font-size:1.4rem} table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:.45rem .7rem;border-bottom:1px solid #e1e4e8;text-align:left;font-size:.9rem}
.Synced,.Healthy{color:#1a7f37}.OutOfSync,.Progressing{color:#9a6700}.Degraded,.Unknown,.Missing{color:#cf222e}
code{font-size:.8rem} .cond{color:#cf222e;white-space:pre-wrap;font-size:.8rem}
</style></head><body>
<h1>Tugboat</h1>
<p>API: <code>/api/v1/applications</code> · metrics: <code>/metrics</code></p>
<table><thead><tr><th>App</th><th>Sync</th><th>Health</th><th>Revision</th><th>Last operation</th></tr></thead>
<tbody id="apps"><tr><td colspan="5">loading…</td></tr></tbody></table>
<script>
function esc(s){return String(s??'').replace(/[&<>"']/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]))}
async function load(){
  try{
    const tok=sessionStorage.getItem('tugboat-token');
    const r=await fetch('/api/v1/applications',{headers:tok?{authorization:'Bearer '+tok}:{}});
    if(r.status===401){askToken();return}
    const d=await r.json();
    document.getElementById('apps').innerHTML=d.items.map(a=>'<tr><td>'+esc(a.name)+'</td><td class="'+esc(a.sync.status)+'">'+esc(a.sync.status)+'</td><td class="'+esc(a.health.status)+'">'+esc(a.health.status)+'</td><td><code>'+esc((a.sync.revision||'').slice(0,10))+'</code></td><td>'+esc(a.operation?a.operation.phase+' '+a.operation.message:'')+(a.conditions||[]).map(c=>'<div class="cond">'+esc(c.type+': '+c.message)+'</div>').join('')+'</td></tr>').join('');
  }catch(e){}
}
// With a server token every API call needs it: ask once per browser session.
function askToken(){
  if(document.getElementById('tok'))return;
  document.getElementById('apps').innerHTML='<tr><td colspan="5"><form id="tok">This server needs its API token: <input type="password" aria-label="API token" name="t"> <button>Use</button></form></td></tr>';
  document.getElementById('tok').onsubmit=function(e){e.preventDefault();sessionStorage.setItem('tugboat-token',this.t.value);load()};
}
load();setInterval(load,2000);
</script></body></html>`;
}
