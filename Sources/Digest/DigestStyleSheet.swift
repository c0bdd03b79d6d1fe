/// The digest pages' inline style sheet: a quiet newspaper layout, light and dark, one column
/// that reads on a phone and on a desktop. No web fonts, no images, no script.
enum DigestStyleSheet {
    static let css = """
    :root{color-scheme:light dark;--bg:#f7f5f0;--paper:#fffdf9;--ink:#1c1b19;--soft:#45423d;--muted:#76716a;\
    --rule:#e3ded4;--accent:#a3261c;--badge:#1c1b19;--badge-ink:#fffdf9;--warn-bg:#fff4e5;--warn:#9a5b00;--chip:#efebe3}
    @media (prefers-color-scheme:dark){:root{--bg:#121211;--paper:#1b1a18;--ink:#ece8e1;--soft:#cfc9bf;--muted:#9a948a;\
    --rule:#34312c;--accent:#ff8a70;--badge:#ece8e1;--badge-ink:#1b1a18;--warn-bg:#2b2114;--warn:#f0b45c;--chip:#2a2824}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,\
    "Noto Sans","Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
    a{color:var(--accent);text-decoration-thickness:1px;text-underline-offset:2px}
    a:hover{text-decoration-thickness:2px}
    .page{max-width:46rem;margin:0 auto;padding:0 1rem 3rem}
    .masthead{text-align:center;padding:2.25rem 0 1.25rem;border-bottom:3px double var(--ink);margin-bottom:1.5rem}
    .kicker{margin:0;font-size:.75rem;letter-spacing:.18em;text-transform:uppercase;color:var(--muted)}
    h1,h2,h3{font-family:Georgia,"Iowan Old Style","Palatino Linotype","Noto Serif",Cambria,serif;font-weight:700}
    h1{margin:.35rem 0 .4rem;font-size:clamp(1.9rem,6vw,2.8rem);line-height:1.1;letter-spacing:-.01em}
    .edition{margin:0;color:var(--muted);font-size:.875rem}
    .edition strong{color:var(--ink);font-weight:600}
    .notice{margin:1rem auto 0;max-width:34rem;padding:.55rem .9rem;border-radius:.5rem;background:var(--warn-bg);\
    color:var(--warn);font-size:.875rem}
    .stats{display:flex;flex-wrap:wrap;justify-content:center;gap:.4rem 1.4rem;list-style:none;margin:1.1rem 0 0;padding:0;\
    font-size:.875rem;color:var(--muted)}
    .stats strong{display:block;font-size:1.35rem;line-height:1.2;color:var(--ink);font-variant-numeric:tabular-nums}
    h2{font-size:1.05rem;letter-spacing:.12em;text-transform:uppercase;margin:2.25rem 0 .75rem;padding-bottom:.35rem;\
    border-bottom:1px solid var(--ink)}
    .contents ol{margin:0;padding:0;list-style:none;counter-reset:rank}
    .contents li{display:flex;gap:.75rem;align-items:baseline;padding:.4rem 0;border-bottom:1px solid var(--rule)}
    .contents li:last-child{border-bottom:0}
    .contents .rank{min-width:1.6rem;color:var(--muted);font-variant-numeric:tabular-nums;font-size:.875rem}
    .contents a{flex:1;color:var(--ink);text-decoration:none;font-weight:500}
    .contents a:hover{text-decoration:underline}
    .contents .count{color:var(--muted);font-size:.8125rem;white-space:nowrap}
    .story{background:var(--paper);border:1px solid var(--rule);border-radius:.75rem;padding:1.1rem 1.25rem 1rem;\
    margin:0 0 1rem}
    .story-top{display:flex;flex-wrap:wrap;gap:.4rem .6rem;align-items:center;font-size:.8125rem;color:var(--muted)}
    .badge{display:inline-block;padding:.1rem .6rem;border-radius:999px;background:var(--badge);color:var(--badge-ink);\
    font-weight:600;font-size:.75rem;letter-spacing:.02em}
    .badge.single{background:transparent;color:var(--muted);border:1px solid var(--rule)}
    .label{display:inline-block;padding:.05rem .5rem;border-radius:999px;border:1px solid var(--warn);color:var(--warn);\
    font-size:.75rem}
    h3{margin:.45rem 0 .35rem;font-size:clamp(1.25rem,3.6vw,1.5rem);line-height:1.25}
    .rankno{color:var(--muted);font-weight:400;margin-right:.35rem}
    .summary p{margin:.5rem 0;color:var(--soft)}
    .entities{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.8rem 0;font-size:.875rem}
    .entities dt{color:var(--muted)}
    .entities dd{margin:0}
    .quote{margin:.9rem 0;padding:.1rem 0 .1rem 1rem;border-left:3px solid var(--accent)}
    .quote blockquote{margin:0;font-family:Georgia,"Noto Serif",serif;font-style:italic;font-size:1.05rem}
    .quote figcaption{margin-top:.2rem;font-size:.8125rem;color:var(--muted)}
    .figures{margin:.8rem 0;padding:0;list-style:none;font-size:.9375rem}
    .figures li{padding:.15rem 0}
    .figures strong{font-variant-numeric:tabular-nums;background:var(--chip);padding:0 .35rem;border-radius:.3rem}
    .sources{margin:.9rem 0 0;padding:.7rem 0 0;list-style:none;border-top:1px solid var(--rule);font-size:.875rem}
    .sources li{padding:.2rem 0;display:flex;flex-wrap:wrap;gap:0 .5rem;align-items:baseline}
    .sources .outlet{font-weight:600}
    .sources .title{color:var(--soft)}
    .sources time,.sources .when{color:var(--muted);font-variant-numeric:tabular-nums;margin-left:auto;white-space:nowrap}
    .sources details.why{flex-basis:100%;color:var(--muted);font-size:.8125rem}
    .sources details.why summary{cursor:pointer;width:max-content}
    .continues{margin:.1rem 0 .5rem;font-size:.875rem;color:var(--muted)}
    .disagree{margin:.8rem 0;padding:.45rem .8rem;border-left:3px solid var(--warn);background:var(--warn-bg);\
    border-radius:.4rem;font-size:.875rem}
    .disagree p{margin:.15rem 0}
    .disagree strong{color:var(--warn);font-weight:600}
    .empty{color:var(--muted);text-align:center;padding:2rem 0}
    .attention{margin-top:2.5rem}
    .attention ul{list-style:none;margin:0;padding:0}
    .attention li{background:var(--warn-bg);border-left:3px solid var(--warn);border-radius:.4rem;padding:.6rem .9rem;\
    margin:0 0 .6rem;font-size:.9375rem}
    .attention .kind{display:inline-block;font-size:.6875rem;letter-spacing:.08em;text-transform:uppercase;color:var(--warn);\
    font-weight:700;margin-right:.4rem}
    .attention .feed{display:block;color:var(--muted);font-size:.8125rem}
    .attention .details{display:block;color:var(--muted);font-size:.8125rem}
    .days{list-style:none;margin:0;padding:0}
    .days li{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:baseline;padding:.8rem 0;border-bottom:1px solid var(--rule)}
    .days a{font-family:Georgia,"Noto Serif",serif;font-size:1.2rem;font-weight:700;color:var(--ink);text-decoration:none}
    .days a:hover{text-decoration:underline}
    .days .count{color:var(--muted);font-size:.875rem}
    .days .teaser{flex-basis:100%;color:var(--soft);font-size:.9375rem}
    footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.8125rem;\
    text-align:center}
    @media (max-width:30rem){body{font-size:1rem}.story{padding:.95rem 1rem .85rem;border-radius:.6rem}\
    .sources time,.sources .when{margin-left:0}}
    """
}
