/**
 * Memoises a pure function of a string in a Map that never holds more than `limit` entries
 * (the oldest is evicted first), so hostile input cannot grow it without bound.
 */
export function boundedMemo<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`A memo limit must be a positive integer, got ${limit}`);
  }
  const memo = new Map<string, T>();
  return (key) => {
    const known = memo.get(key);
    if (known !== undefined || memo.has(key)) return known as T;
    const value = compute(key);
    if (memo.size >= limit) memo.delete(memo.keys().next().value!);
    memo.set(key, value);
    return value;
  };
}
