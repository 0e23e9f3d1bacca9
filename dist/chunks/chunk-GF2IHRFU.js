import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
function p(e,r,i){if(e.length<=r)return{text:e,truncated:!1,kept:e.length};let l=i(e.length,e.length).length+64,t=Math.max(0,r-l),s=e.split(`
`),h=0,o,u=0,d,M={end:0,fence:void 0,openDetails:0};for(let n of s){let c=h+n.length+1;if(c>t)break;h=c;let f=/^ {0,3}(`{3,}|~{3,})/.exec(n);f?.[1]?o===void 0?o=f[1]:f[1].startsWith(o[0]??"")&&f[1].length>=o.length&&n.trim()===f[1]&&(o=void 0):o===void 0&&(u+=(n.match(/<details\b/gi)??[]).length,u-=(n.match(/<\/details>/gi)??[]).length,u=Math.max(0,u));let $={end:h,fence:o,openDetails:u};M=$,n.trim()===""&&o===void 0&&(d=$)}let a=d&&d.end>=t*.8?d:M,g=e.slice(0,a.end);if(a.end===0){let n=t,c=e.charCodeAt(n-1);c>=55296&&c<=56319&&(n-=1),g=e.slice(0,n)}let m="";a.fence!==void 0&&(m+=`${a.fence}
`),m+=`</details>
`.repeat(a.openDetails);let y=g.length;return{text:`${g.replace(/\n+$/,`
`)}${m}
${i(y,e.length)}`,truncated:!0,kept:y}}function T(e){return(r,i)=>{let l=`${r.toLocaleString("en-US")} of ${i.toLocaleString("en-US")} characters shown`,t=e?`The full report is in the [job summary](${e}).`:"The full report is in the job summary of this run.";return`> [!WARNING]
> This report was cut to fit GitHub's limit on comment size (${l}). ${t}
`}}var b=1024*1024;function k(e){if(Buffer.byteLength(e)<=b)return{text:e,truncated:!1};let r=Math.floor(b/3),i=(t,s)=>`> [!WARNING]
> This report was cut to fit the job summary's 1 MiB limit (${t.toLocaleString("en-US")} of ${s.toLocaleString("en-US")} characters shown).
`,l=p(e,r,i);for(let t=0;t<8;t+=1){let s=p(e,Math.floor(r*1.25),i);if(Buffer.byteLength(s.text)>b)break;r=Math.floor(r*1.25),l=s}return{text:l.text,truncated:!0}}export{p as a,T as b,b as c,k as d};
