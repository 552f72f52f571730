// Hostile content for xss.spec.ts. Every payload, should it ever run, reports itself three ways:
// top.__canary('<id>') (a function the test exposes), top.go.app.App.SetAuthor('PWNED-<id>') (a bound Go
// method: the real damage a page script can do) and, where script cannot run but a load can happen
// (CSS, <link>, <meta refresh>), a request to /canary?<id> that the test watches for.
// The action contains no "/" (tag names refuse it) and no double quote (it sits in double-quoted attributes).

export interface Payload {
  id: string
  category: string
  text: string
}

export const act = (id: string) => `top.__canary('${id}');top.go.app.App.SetAuthor('PWNED-${id}')`
const load = (id: string) => `/canary?${id}`

// [id, category, template]; ACT is replaced by the action, URL by the canary address.
const templates: [string, string, string][] = [
  ['script', 'script element', '<script>ACT</script>'],
  ['script-src-data', 'script element', '<script src="data:text/javascript,ACT"></script>'],
  ['script-breakout', 'context breakout', '</script><script>ACT</script>'],
  ['img-onerror', 'event handler', '<img src=x onerror="ACT">'],
  ['img-onerror-case', 'event handler', '<IMG SRC=x OnErRoR=ACT>'],
  ['img-onerror-nul', 'event handler', '<img src=x o\u0000nerror=ACT>'],
  ['svg-onload', 'svg', '<svg onload="ACT"></svg>'],
  ['svg-script', 'svg', '<svg><script>ACT</script></svg>'],
  ['svg-animate', 'svg', '<svg><animate onbegin="ACT" attributeName=x dur=1s></svg>'],
  ['svg-xlink', 'svg', '<svg><a xlink:href="javascript:ACT"><text x=20 y=20>xlink</text></a></svg>'],
  ['svg-use-data', 'svg', `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='ACT'/></svg>#x"/></svg>`],
  ['body-onload', 'event handler', '<body onload="ACT">'],
  ['details-ontoggle', 'event handler (no interaction)', '<details open ontoggle="ACT"><summary>s</summary></details>'],
  ['input-autofocus', 'event handler (no interaction)', '<input autofocus onfocus="ACT">'],
  ['marquee-onstart', 'event handler (no interaction)', '<marquee onstart="ACT">m</marquee>'],
  ['video-source-onerror', 'event handler', '<video><source onerror="ACT"></video>'],
  ['audio-onerror', 'event handler', '<audio src=x onerror="ACT"></audio>'],
  ['animation-start', 'event handler (no interaction)', '<p style="animation:x 1s" onanimationstart="ACT">a</p>'],
  ['iframe-srcdoc', 'frame', '<iframe srcdoc="<script>ACT</script>"></iframe>'],
  ['iframe-js', 'frame', '<iframe src="javascript:ACT"></iframe>'],
  ['iframe-data', 'frame', '<iframe src="data:text/html,<script>ACT</script>"></iframe>'],
  ['object-js', 'plugin', '<object data="javascript:ACT"></object>'],
  ['object-data', 'plugin', '<object data="data:text/html,<script>ACT</script>"></object>'],
  ['embed-js', 'plugin', '<embed src="javascript:ACT">'],
  ['a-javascript', 'link', '<a href="javascript:ACT">js link</a>'],
  ['a-javascript-ctrl', 'link', '<a href=" &#14;jav&#x09;ascript:ACT">ctrl link</a>'],
  ['a-data', 'link', '<a href="data:text/html,<script>ACT</script>">data link</a>'],
  ['form-action', 'form', '<form action="javascript:ACT"><button>go</button></form>'],
  ['formaction', 'form', '<form><button formaction="javascript:ACT">go</button></form>'],
  ['meta-refresh', 'meta', '<meta http-equiv="refresh" content="0;url=javascript:ACT">'],
  ['meta-refresh-load', 'meta', '<meta http-equiv="refresh" content="0;url=URL">'],
  ['base-href', 'meta', '<base href="javascript:ACT//">'],
  ['style-import', 'css', "<style>@import 'URL';</style>"],
  ['style-url', 'css', "<style>body{background:url('URL')}</style>"],
  ['css-attr-url', 'css', `<div style="background-image:url('URL')">css</div>`],
  ['css-expression', 'css', '<div style="width:expression(ACT)">expr</div>'],
  ['link-stylesheet', 'css', '<link rel=stylesheet href="URL">'],
  ['css-value-breakout', 'css', "red;background:url('URL')"],
  ['mxss-noscript', 'mXSS', '<noscript><p title="</noscript><img src=x onerror=ACT>"></noscript>'],
  ['mxss-svg-style', 'mXSS', '<svg></p><style><a id="</style><img src=1 onerror=ACT>"></svg>'],
  ['mxss-math', 'mXSS', '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=ACT&gt;">'],
  ['mxss-template', 'mXSS', '<template><img src=x onerror=ACT></template><xmp><img src=x onerror=ACT></xmp>'],
  ['comment-breakout', 'context breakout', '--><img src=x onerror=ACT>'],
  ['cdata-breakout', 'context breakout', '<![CDATA[><img src=x onerror=ACT>]]>'],
  ['textarea-breakout', 'context breakout', '</textarea><img src=x onerror=ACT>'],
  ['title-breakout', 'context breakout', '</title><img src=x onerror=ACT>'],
  ['attr-breakout-dq', 'context breakout', '" onmouseover="ACT" autofocus onfocus="ACT" x="'],
  ['attr-breakout-sq', 'context breakout', "' onmouseover='ACT' x='"],
  ['entity-double-decode', 'encoding', '&lt;img src=x onerror=ACT&gt;'],
  ['js-escape-decode', 'encoding', '\\u003cimg src=x onerror=ACT\\u003e'],
  ['template-literal', 'template', '${ACT}'],
  ['template-mustache', 'template', "{{constructor.constructor('ACT')()}}"],
  ['template-svelte', 'template', "{@html '<img src=x onerror=ACT>'}"],
  ['md-link-js', 'markdown', '[md js link](javascript:ACT)'],
  ['md-link-entity', 'markdown', '[md entity link](&#106;avascript&#58;ACT)'],
  ['md-link-data', 'markdown', '[md data link](data:text/html;base64,PHNjcmlwdD50b3AuX19jYW5hcnkoJ21kLWxpbmstZGF0YScpPC9zY3JpcHQ+)'],
  ['md-autolink', 'markdown', '<javascript:ACT>'],
  ['md-ref-link', 'markdown', '[md ref link][evil]\n\n[evil]: javascript:ACT'],
  ['md-image', 'markdown', '![alt" onerror="ACT](x)'],
  ['md-image-src', 'markdown', '![alt](x"onerror="ACT)'],
  ['md-link-title', 'markdown', '[titled](https://example.invalid "t&quot; onmouseover=&quot;ACT")'],
  ['md-code-lang', 'markdown', '```x" onmouseover="ACT\ncode\n```'],
  ['md-html-block', 'markdown', '<div>\n<img src=x onerror="ACT">\n</div>'],
]

export function payloads(): Payload[] {
  return templates.map(([id, category, t]) => ({ id, category, text: t.replaceAll('ACT', act(id)).replaceAll('URL', load(id)) }))
}
