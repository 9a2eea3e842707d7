/** The public pages' only style sheet, inlined (no JavaScript, no extra request). Contrast ≥ 4.5:1. */
export const SITE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1d2521;background:#fbfaf7}
a{color:#1f5d46;text-underline-offset:2px}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
header.site{background:#fff;border-bottom:1px solid #d9ded9}
.bar{max-width:52rem;margin:0 auto;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;justify-content:space-between}
.brand{font-weight:700;font-size:1.15rem;color:#1d2521;text-decoration:none}
nav.site ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{max-width:52rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.3rem;line-height:1.3;margin:2rem 0 .5rem}
h3{font-size:1.1rem;margin:1.25rem 0 .4rem}
.lede{font-size:1.15rem;color:#33403a}
.crumbs{font-size:.9rem;margin:0}
.note{border-left:4px solid #8a6d1f;background:#fdf8ea;padding:.5rem .75rem;margin:1rem 0}
sup a{text-decoration:none;padding:0 .1rem}
.table-wrap{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #cfd6d1;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2ef}
.sources{font-size:.9rem;border-top:1px solid #d9ded9;margin-top:2.5rem;padding-top:.5rem}
.sources li{margin:.4rem 0;overflow-wrap:anywhere}
.grade{font-style:italic;color:#4a5650}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.fact{background:#fff;border:1px solid #cfd6d1;border-radius:8px;padding:.75rem}
.fact h3{margin:0 0 .25rem;font-size:1rem}
.fact .value{font-size:1.2rem;font-weight:700;margin:0}
.fact .none{font-weight:600;color:#5b4a12}
.fact p{margin:.3rem 0}
.cards{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.75rem}
.cards li{background:#fff;border:1px solid #cfd6d1;border-radius:8px;padding:.75rem}
.cta{display:inline-block;background:#1f5d46;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none;font-weight:600;margin:.25rem 0}
fieldset{border:1px solid #cfd6d1;border-radius:8px;margin:1rem 0;padding:.75rem 1rem;background:#fff}
legend{font-weight:700;padding:0 .25rem}
.choice{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0}
.choice input{width:1.35rem;height:1.35rem;margin-top:.15rem;flex:none}
label.field{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=number]{font:inherit;padding:.45rem .5rem;width:8rem;border:1px solid #6b7770;border-radius:6px}
button{font:inherit;font-weight:600;background:#1f5d46;color:#fff;border:0;border-radius:6px;padding:.7rem 1.2rem;cursor:pointer}
.error{color:#a11d1d;font-weight:600;margin:.25rem 0}
.alert{border:2px solid #a11d1d;background:#fdecec;border-radius:8px;padding:1rem;margin:1rem 0}
.alert h2{margin-top:0;color:#7a1010}
.warn{border:2px solid #8a6d1f;background:#fdf8ea;border-radius:8px;padding:1rem;margin:1rem 0}
.ok{border:2px solid #1f5d46;background:#eef6f1;border-radius:8px;padding:1rem;margin:1rem 0}
@media (max-width:40rem){
.table-wrap table,.table-wrap tbody,.table-wrap tr,.table-wrap th,.table-wrap td{display:block;width:100%}
.table-wrap caption{display:block}
.table-wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.table-wrap tr{border:1px solid #cfd6d1;border-radius:6px;margin:.6rem 0;background:#fff}
.table-wrap th,.table-wrap td{border:0;border-bottom:1px solid #e3e8e4}
.table-wrap td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
}
footer.site{border-top:1px solid #d9ded9;font-size:.9rem;color:#33403a}
footer.site div{max-width:52rem;margin:0 auto;padding:1rem}
`;
