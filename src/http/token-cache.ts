// An access token reused until shortly before it expires, with one request in flight at a time:
// what every REST adapter that signs in to a cloud's token endpoint needs around its own grant.

export interface IssuedToken {
  readonly token: string;
  /** Seconds the token is valid for, as the token endpoint said. */
  readonly expiresIn: number;
}

export class TokenCache {
  private cached: { token: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    /** Seconds before expiry when a new token is asked for. */
    private readonly marginSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.now() < this.cached.until) return this.cached.token;
    this.pending ??= this.issue()
      .then(({ token, expiresIn }) => {
        this.cached = { token, until: this.now() + Math.max(0, expiresIn - this.marginSeconds) * 1000 };
        return token;
      })
      .finally(() => (this.pending = undefined));
    return this.pending;
  }
}
