// The posting rules with an in-memory forge: who may be edited, and what happens after a write
// whose outcome is unknown.

import { describe, expect, it } from 'vitest';
import { postComment, type PostSettings } from '../../../src/core/comment/post.js';
import type { CommentApi, CommentTarget, StoredComment } from '../../../src/core/comment/ports.js';
import { readMarker } from '../../../src/core/comment/marker.js';
import { createMemoryLogger } from '../../../src/logger.js';

class MemoryForge implements CommentApi {
  comments: Array<StoredComment & { target: string }> = [];
  failNextCreate: 'before' | 'after' | undefined;
  failNextUpdate: 'after' | undefined;
  /** Thrown by every create when set (a refusal such as 403 or 422: nothing was stored). */
  refuseCreates: Error | undefined;
  creates = 0;
  updates = 0;
  lists = 0;
  /** Thrown by every update when set. */
  refuseUpdates: Error | undefined;
  private id = 0;
  constructor(private readonly login: string) {}
  async viewerLogin() {
    return this.login;
  }
  async pullRequestsForCommit() {
    return [];
  }
  async *listComments(target: CommentTarget) {
    this.lists += 1;
    const key = JSON.stringify(target);
    const all = this.comments.filter((comment) => comment.target === key);
    for (let index = 0; index < all.length; index += 2) yield all.slice(index, index + 2);
  }
  /** How the forge stores a body (GitHub may change line endings or trailing whitespace). */
  storeAs: (body: string) => string = (body) => body;
  add(target: CommentTarget, body: string, author: string | undefined): StoredComment {
    this.id += 1;
    const comment = { id: this.id, url: `u/${this.id}`, body, authorLogin: author, target: JSON.stringify(target) };
    this.comments.push(comment);
    return comment;
  }
  async createComment(target: CommentTarget, body: string) {
    this.creates += 1;
    if (this.refuseCreates) throw this.refuseCreates;
    const fail = this.failNextCreate;
    this.failNextCreate = undefined;
    if (fail === 'before') throw Object.assign(new Error('502'), { uncertain: true });
    const stored = this.add(target, this.storeAs(body), this.login);
    if (fail === 'after') throw Object.assign(new Error('502'), { uncertain: true });
    return stored;
  }
  async updateComment(_target: CommentTarget, id: number, body: string) {
    this.updates += 1;
    if (this.refuseUpdates) throw this.refuseUpdates;
    const comment = this.comments.find((candidate) => candidate.id === id);
    if (!comment) throw Object.assign(new Error('Not Found'), { status: 404 });
    if (comment.authorLogin !== this.login) throw new Error('editing someone else');
    const updated = { ...comment, body };
    this.comments[this.comments.indexOf(comment)] = updated;
    const fail = this.failNextUpdate;
    this.failNextUpdate = undefined;
    if (fail === 'after') throw Object.assign(new Error('502'), { uncertain: true });
    return updated;
  }
}

const target: CommentTarget = { kind: 'pull-request', number: 1 };
const settings = (markdown: string, update = true): PostSettings => ({
  markdown,
  target,
  update,
  watermarkTitle: '',
  removeWatermark: false,
  fullReportUrl: undefined,
});
let counter = 0;
const deps = (api: CommentApi) => ({ api, logger: createMemoryLogger(), sleep: async () => undefined, nonce: () => `n${(counter += 1)}` });
const uncertain = () => Object.assign(new Error('502'), { uncertain: true });

describe('postComment', () => {
  it('updates the latest of our own reports and nothing else', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('v1', false), deps(forge));
    forge.add(target, forge.comments[0]!.body, 'mallory');
    await postComment(settings('v1b', false), deps(forge));
    const result = await postComment(settings('v2'), deps(forge));
    expect(result.updated).toBe(true);
    expect(result.id).toBe(3);
    expect(forge.comments.map((comment) => comment.body.split('\n')[0])).toEqual(['v1', 'v1', 'v2']);
  });

  it('never takes a foreign copy of our marker for our report, even when it is the latest', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('ours', false), deps(forge));
    forge.add(target, forge.comments[0]!.body.replace(/^ours/, 'theirs'), 'mallory');
    const result = await postComment(settings('ours v2'), deps(forge));
    expect(result).toMatchObject({ id: 1, updated: true });
    expect(forge.comments.map((comment) => [comment.id, comment.authorLogin, comment.body.split('\n')[0]])).toEqual([
      [1, 'bot', 'ours v2'],
      [2, 'mallory', 'theirs'],
    ]);
  });

  it.each([403, 422])('a refused create (%i) is written once and its error rethrown, not retried', async (status) => {
    const forge = new MemoryForge('bot');
    forge.refuseCreates = Object.assign(new Error(`refused ${status}`), { status, uncertain: false });
    await expect(postComment(settings('refused', false), deps(forge))).rejects.toThrow(`refused ${status}`);
    expect(forge.creates).toBe(1);
    expect(forge.comments).toHaveLength(0);
  });

  it('an update whose answer is lost (502 after the write) is sent again, not failed', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('v1', false), deps(forge));
    forge.failNextUpdate = 'after';
    const result = await postComment(settings('v2'), deps(forge));
    expect(result).toMatchObject({ id: 1, updated: true });
    expect(forge.updates).toBe(2);
    expect(forge.comments.map((comment) => comment.body.split('\n')[0])).toEqual(['v2']);
  });

  it('edits a report found earlier (while the command ran) without searching again', async () => {
    const forge = new MemoryForge('bot');
    const first = await postComment(settings('v1', false), deps(forge));
    const known = forge.comments.find((comment) => comment.id === first.id)!;
    const result = await postComment({ ...settings('v2'), knownReport: known }, deps(forge));
    expect(result).toMatchObject({ id: first.id, updated: true });
    expect(forge.lists).toBe(0);
    expect(forge.comments.map((comment) => comment.body.split('\n')[0])).toEqual(['v2']);
  });

  it('searches again when the report found earlier has been deleted since, and creates one when none is left', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('v1', false), deps(forge));
    const known = forge.comments[0]!;
    forge.comments = [];
    const logger = createMemoryLogger('debug');
    const result = await postComment({ ...settings('v2'), knownReport: known }, { ...deps(forge), logger });
    expect(result.updated).toBe(false);
    expect(forge.lists).toBe(1);
    expect(forge.comments.map((comment) => comment.body.split('\n')[0])).toEqual(['v2']);
    expect(logger.lines.join('\n')).toMatch(/comment 1, found earlier, is gone; searching pull request #1 again/);
  });

  it('does not search again when editing the report found earlier fails for another reason', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('v1', false), deps(forge));
    forge.refuseUpdates = Object.assign(new Error('refused 403'), { status: 403 });
    await expect(postComment({ ...settings('v2'), knownReport: forge.comments[0]! }, deps(forge))).rejects.toThrow('refused 403');
    expect(forge.lists).toBe(0);
    expect(forge.creates).toBe(1);
  });

  it('after an unconfirmed create that was stored, returns it instead of posting again', async () => {
    const forge = new MemoryForge('bot');
    forge.failNextCreate = 'after';
    const result = await postComment(settings('once', false), deps(forge));
    expect(forge.comments).toHaveLength(1);
    expect(forge.creates).toBe(1);
    expect(result.id).toBe(forge.comments[0]!.id);
  });

  it('after an unconfirmed create that was not stored, sends it again', async () => {
    const forge = new MemoryForge('bot');
    forge.failNextCreate = 'before';
    await postComment(settings('again', false), deps(forge));
    expect(forge.comments).toHaveLength(1);
    expect(forge.creates).toBe(2);
  });

  it('does not mistake an older report for this attempt', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('old', false), deps(forge));
    forge.failNextCreate = 'before';
    await postComment(settings('new', false), deps(forge));
    expect(forge.comments.map((comment) => comment.body.split('\n')[0])).toEqual(['old', 'new']);
  });

  it('gives up after the bounded number of attempts', async () => {
    const forge = new MemoryForge('bot');
    forge.createComment = async () => {
      forge.creates += 1;
      throw Object.assign(new Error('502'), { uncertain: true });
    };
    await expect(postComment(settings('never', false), { ...deps(forge), maxWriteAttempts: 3 })).rejects.toThrow('502');
    expect(forge.creates).toBe(3);
  });

  it('finds a stored attempt by its nonce though GitHub changed its line endings, past comments without a marker', async () => {
    const forge = new MemoryForge('bot');
    forge.add(target, 'a plain comment with no marker', 'alice');
    forge.storeAs = (body) => body.replace(/\n/g, '\r\n');
    forge.failNextCreate = 'after';
    const result = await postComment(settings('line one\nline two', false), deps(forge));
    expect(forge.creates).toBe(1);
    expect(result.id).toBe(2);
  });

  it('finds a stored attempt without a marker by its body, whatever whitespace surrounds it', async () => {
    const forge = new MemoryForge('bot');
    forge.storeAs = (body) => `${body.trimEnd()}\n\n`;
    forge.failNextCreate = 'after';
    const result = await postComment({ ...settings('plain report\n', false), removeWatermark: true }, deps(forge));
    expect(forge.creates).toBe(1);
    expect(result.id).toBe(1);
  });

  it('by default tries a create of unknown outcome 3 times, waiting 2 s then 4 s, and says what it does', async () => {
    const forge = new MemoryForge('bot');
    forge.createComment = async () => {
      forge.creates += 1;
      throw uncertain();
    };
    const waits: number[] = [];
    const logger = createMemoryLogger();
    await expect(postComment(settings('never', false), { ...deps(forge), logger, sleep: async (ms) => void waits.push(ms) })).rejects.toThrow('502');
    expect(forge.creates).toBe(3);
    expect(waits).toEqual([2000, 4000]);
    expect(logger.lines).toEqual([
      'warning: GitHub did not confirm the write (502); checking whether it was stored',
      'it was not stored; sending again (attempt 2 of 3)',
      'warning: GitHub did not confirm the write (502); checking whether it was stored',
      'it was not stored; sending again (attempt 3 of 3)',
    ]);
  });

  it('logs what it searched, whose marked comments it skipped, and what it did', async () => {
    const forge = new MemoryForge('bot');
    await postComment(settings('v1', false), deps(forge));
    forge.add(target, forge.comments[0]!.body, 'mallory');
    forge.add(target, forge.comments[0]!.body, undefined);
    const logger = createMemoryLogger();
    await postComment(settings('v2'), { ...deps(forge), logger });
    expect(logger.lines).toEqual([
      'debug: skipping comment 2 by mallory: it carries the marker but was not written by bot',
      'debug: skipping comment 3 by unknown: it carries the marker but was not written by bot',
      'debug: searched 3 comments on pull request #1; our report is 1',
      'updated comment u/1',
    ]);

    const fresh = new MemoryForge('bot');
    const created = createMemoryLogger();
    await postComment({ ...settings('x'.repeat(200)), limit: 150 }, { ...deps(fresh), logger: created });
    expect(created.lines).toEqual([
      'warning: the report is longer than GitHub allows in a comment; it was cut (the job summary keeps all of it)',
      'debug: searched 0 comments on pull request #1; no report of ours',
      'debug: no earlier report on pull request #1; creating one',
      'created comment u/1',
    ]);
  });

  it('marks the body with the watermark title', async () => {
    const forge = new MemoryForge('bot');
    await postComment({ ...settings('x', false), watermarkTitle: 'eval "A" -->' }, deps(forge));
    expect(readMarker(forge.comments[0]!.body)?.id).toBe('eval "A" -->');
    expect(forge.comments[0]!.body.match(/-->/g)).toHaveLength(1);
  });

  it('leaves the marker out with removeWatermark', async () => {
    const forge = new MemoryForge('bot');
    await postComment({ ...settings('plain', false), removeWatermark: true }, deps(forge));
    expect(readMarker(forge.comments[0]!.body)).toBeUndefined();
  });
});
