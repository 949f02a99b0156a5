/** Storage of the board count points (board-count-points.ts). */

/** The points, column by column (append-only: a snapshot takes views of the first rows). */
export class PointColumns {
  length = 0;
  day = new Int32Array(1024);
  t = new Float64Array(1024);
  insp = new Int32Array(1024);
  key = new Int32Array(1024);
  n = new Int16Array(1024);
  stream = new Int32Array(1024);

  grow(size: number): void {
    if (size <= this.day.length) return;
    const grown = <A extends Int32Array | Float64Array | Int16Array>(a: A, make: (n: number) => A): A => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.day = grown(this.day, (n) => new Int32Array(n));
    this.t = grown(this.t, (n) => new Float64Array(n));
    this.insp = grown(this.insp, (n) => new Int32Array(n));
    this.key = grown(this.key, (n) => new Int32Array(n));
    this.n = grown(this.n, (n) => new Int16Array(n));
    this.stream = grown(this.stream, (n) => new Int32Array(n));
  }
}

/** Numbers for ids, in order of first sight. */
export class Numbering {
  readonly ids: string[] = [];
  private readonly numbers = new Map<string, number>();
  of(id: string): number {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.numbers.set(id, n);
    }
    return n;
  }
  get(id: string): number | undefined {
    return this.numbers.get(id);
  }
}
