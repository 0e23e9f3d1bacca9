// Which way is better for a metric: names like loss, error, rmse, latency improve when they go
// down, the rest when they go up; --lower-is-better / --higher-is-better patterns override that.

const LOWER_IS_BETTER =
  /(^|[._\-/])(loss|losses|err|error|errors|mse|mae|rmse|mape|smape|wer|cer|ter|perplexity|ppl|latency|duration|time|seconds|fpr|fnr|far|frr|nll|bpc|bpd|eer)($|[._\-/])|loss$|error$/i;

/** Default direction: names like loss, error, rmse, latency are better when lower. */
export function defaultLowerIsBetter(key: string): boolean {
  return LOWER_IS_BETTER.test(key);
}

/** The direction of each key: a higher-is-better pattern wins, then lower-is-better, then the name. */
export function lowerIsBetterFor(patterns: {
  readonly lowerIsBetter: readonly RegExp[];
  readonly higherIsBetter: readonly RegExp[];
}): (key: string) => boolean {
  return (key) => {
    if (patterns.higherIsBetter.some((pattern) => pattern.test(key))) return false;
    if (patterns.lowerIsBetter.some((pattern) => pattern.test(key))) return true;
    return defaultLowerIsBetter(key);
  };
}
