import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{a}from"./chunk-DT32XJ63.js";import{g as T}from"./chunk-RGFNXV7F.js";import{appendFile as k}from"node:fs/promises";var L=65536;function y(e,n,r){if(e.length<=n)return{text:e,truncated:!1,kept:e.length};let i=r(e.length,e.length).length+64,t=Math.max(0,n-i),s=e.split(`
`),p=0,u,l=0,m,$={end:0,fence:void 0,openDetails:0};for(let o of s){let f=p+o.length+1;if(f>t)break;p=f;let d=/^ {0,3}(`{3,}|~{3,})/.exec(o);d?.[1]?u===void 0?u=d[1]:d[1][0]===u[0]&&d[1].length>=u.length&&o.trim()===d[1]&&(u=void 0):u===void 0&&(l+=(o.match(/<details\b/gi)??[]).length,l-=(o.match(/<\/details>/gi)??[]).length,l=Math.max(0,l));let x={end:p,fence:u,openDetails:l};$=x,o.trim()===""&&u===void 0&&(m=x)}let c=m&&m.end>=t*.8?m:$,g=e.slice(0,c.end);if(c.end===0){let o=t,f=e.charCodeAt(o-1);f>=55296&&f<=56319&&(o-=1),g=e.slice(0,o)}let b="";c.fence!==void 0&&(b+=`${c.fence}
`),b+=`</details>
`.repeat(c.openDetails);let M=g.length;return{text:`${g.replace(/\n+$/,`
`)}${b}
${r(M,e.length)}`,truncated:!0,kept:M}}function I(e){return(n,r)=>{let i=`${a(n)} of ${a(r)} characters shown`,t=e?`The full report is in the [job summary](${e}).`:"The full report is in the job summary of this run.";return`> [!WARNING]
> This report was cut to fit GitHub's limit on comment size (${i}). ${t}
`}}var h=1024*1024;function w(e){if(Buffer.byteLength(e)<=h)return{text:e,truncated:!1};let n=Math.floor(h/3),r=(t,s)=>`> [!WARNING]
> This report was cut to fit the job summary's 1 MiB limit (${a(t)} of ${a(s)} characters shown).
`,i=y(e,n,r);for(let t=0;t<8;t+=1){let s=y(e,Math.floor(n*1.25),r);if(Buffer.byteLength(s.text)>h)break;n=Math.floor(n*1.25),i=s}return{text:i.text,truncated:!0}}async function A(e,n,r){let{text:i,truncated:t}=w(n);t&&r.warn(`the report is over the job summary's ${h/1024} KiB limit; the summary was cut`);try{await k(e,`${i.replace(/\s+$/,"")}
`)}catch(s){r.warn(`could not write the job summary ${e}: ${T(s)}`)}}export{L as a,y as b,I as c,A as d};
