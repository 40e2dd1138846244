/**
 * A Map that holds at most `capacity` entries: setting a new key when full drops the oldest
 * entry first (insertion order), and tells `onEvict` so that indexes of it can follow.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key)) {
      while (this.size >= this.capacity) {
        const oldest = this.entries().next();
        if (oldest.done) break;
        this.delete(oldest.value[0]);
        this.onEvict?.(oldest.value[0], oldest.value[1]);
      }
    }
    return super.set(key, value);
  }
}
