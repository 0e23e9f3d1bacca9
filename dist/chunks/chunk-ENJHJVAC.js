import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
import{g as S}from"./chunk-RGFNXV7F.js";import{appendFile as x}from"node:fs/promises";function b(e,n,r){if(e.length<=n)return{text:e,truncated:!1,kept:e.length};let i=r(e.length,e.length).length+64,t=Math.max(0,n-i),s=e.split(`
`),g=0,a,l=0,d,y={end:0,fence:void 0,openDetails:0};for(let o of s){let c=g+o.length+1;if(c>t)break;g=c;let f=/^ {0,3}(`{3,}|~{3,})/.exec(o);f?.[1]?a===void 0?a=f[1]:f[1][0]===a[0]&&f[1].length>=a.length&&o.trim()===f[1]&&(a=void 0):a===void 0&&(l+=(o.match(/<details\b/gi)??[]).length,l-=(o.match(/<\/details>/gi)??[]).length,l=Math.max(0,l));let M={end:g,fence:a,openDetails:l};y=M,o.trim()===""&&a===void 0&&(d=M)}let u=d&&d.end>=t*.8?d:y,h=e.slice(0,u.end);if(u.end===0){let o=t,c=e.charCodeAt(o-1);c>=55296&&c<=56319&&(o-=1),h=e.slice(0,o)}let p="";u.fence!==void 0&&(p+=`${u.fence}
`),p+=`</details>
`.repeat(u.openDetails);let $=h.length;return{text:`${h.replace(/\n+$/,`
`)}${p}
${r($,e.length)}`,truncated:!0,kept:$}}function k(e){return(n,r)=>{let i=`${n.toLocaleString("en-US")} of ${r.toLocaleString("en-US")} characters shown`,t=e?`The full report is in the [job summary](${e}).`:"The full report is in the job summary of this run.";return`> [!WARNING]
> This report was cut to fit GitHub's limit on comment size (${i}). ${t}
`}}var m=1024*1024;function L(e){if(Buffer.byteLength(e)<=m)return{text:e,truncated:!1};let n=Math.floor(m/3),r=(t,s)=>`> [!WARNING]
> This report was cut to fit the job summary's 1 MiB limit (${t.toLocaleString("en-US")} of ${s.toLocaleString("en-US")} characters shown).
`,i=b(e,n,r);for(let t=0;t<8;t+=1){let s=b(e,Math.floor(n*1.25),r);if(Buffer.byteLength(s.text)>m)break;n=Math.floor(n*1.25),i=s}return{text:i.text,truncated:!0}}async function j(e,n,r){let{text:i,truncated:t}=L(n);t&&r.warn(`the report is over the job summary's ${m/1024} KiB limit; the summary was cut`);try{await x(e,`${i.replace(/\s+$/,"")}
`)}catch(s){r.warn(`could not write the job summary ${e}: ${S(s)}`)}}export{b as a,k as b,j as c};
