import { createRequire as __cmlCreateRequire } from 'node:module'; const require = __cmlCreateRequire(import.meta.url);
function o(e){return{repo:{type:"string",valueName:e.repoValueName??"owner/repo",description:e.repo??"Repository (default: GITHUB_REPOSITORY)."},token:{type:"string",valueName:"token",description:e.token}}}export{o as a};
