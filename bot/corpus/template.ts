/**
 * The small template language the corpus generators are written in, and their seeded random
 * source: `[a|b|c]` picks one alternative (`[a|]` makes `a` optional), `{slot}` fills a slot.
 * Deterministic: the same seed gives the same messages on every machine.
 */

/** mulberry32: a tiny, fast PRNG; good enough for sampling text, and identical in every runtime. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `n` random characters from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A string of `n` digits (the first one non-zero when `leading` is false). */
  digits(n: number, leading = false): string {
    let out = leading ? '' : String(this.int(1, 9));
    while (out.length < n) out += String(this.int(0, 9));
    return out;
  }
}

type Node = string | { alt: Node[][] } | { slot: string };

const parsed = new Map<string, Node[]>();

function parse(template: string): Node[] {
  let i = 0;
  const seq = (inAlt: boolean): Node[][] => {
    const alts: Node[][] = [[]];
    let buf = '';
    const flush = () => {
      if (buf) (alts[alts.length - 1] as Node[]).push(buf);
      buf = '';
    };
    while (i < template.length) {
      const c = template[i] as string;
      if (c === '[') {
        flush();
        i++;
        (alts[alts.length - 1] as Node[]).push({ alt: seq(true) });
      } else if (c === ']' && inAlt) {
        i++;
        flush();
        return alts;
      } else if (c === '|' && inAlt) {
        i++;
        flush();
        alts.push([]);
      } else if (c === '{') {
        const end = template.indexOf('}', i);
        if (end === -1) throw new Error(`unclosed { in template: ${template}`);
        flush();
        (alts[alts.length - 1] as Node[]).push({ slot: template.slice(i + 1, end) });
        i = end + 1;
      } else {
        buf += c;
        i++;
      }
    }
    if (inAlt) throw new Error(`unclosed [ in template: ${template}`);
    flush();
    return alts;
  };
  return seq(false)[0] as Node[];
}

/** A slot: a list of templates to pick from, or a function of the generator. */
export type Slot = readonly string[] | ((g: Gen) => string);

/** Expands templates with a random source and a set of slots (family slots over shared ones). */
export class Gen {
  readonly rng: Rng;
  private readonly slots: Record<string, Slot>;
  /** Case-text style: some entities are left as placeholders (XX, NAME, URL), as in case files. */
  readonly placeholders: boolean;
  private readonly memory: Map<string, unknown>;

  constructor(
    rng: Rng,
    slots: Record<string, Slot>,
    placeholders = false,
    memory = new Map<string, unknown>(),
  ) {
    this.rng = rng;
    this.slots = slots;
    this.placeholders = placeholders;
    this.memory = memory;
  }

  /** A generator with extra slots that take precedence over this one's (same message memory). */
  with(extra: Record<string, Slot> | undefined, placeholders = this.placeholders): Gen {
    return new Gen(this.rng, { ...this.slots, ...extra }, placeholders, this.memory);
  }

  /** One value per message (the same bank, the same name) however often a template asks for it. */
  memo<T>(key: string, make: () => T): T {
    if (this.memory.has(key)) return this.memory.get(key) as T;
    const v = make();
    this.memory.set(key, v);
    return v;
  }

  /** Forgets the per-message values; called before each new message. */
  reset(): void {
    this.memory.clear();
  }

  /** Expands one template. */
  t(template: string): string {
    let nodes = parsed.get(template);
    if (!nodes) {
      nodes = parse(template);
      parsed.set(template, nodes);
    }
    return this.render(nodes, 0);
  }

  /** Expands one template picked from a list. */
  one(templates: readonly string[]): string {
    return this.t(this.rng.pick(templates));
  }

  /** Fills a slot by name. */
  slot(name: string): string {
    const s = this.slots[name];
    if (s === undefined) throw new Error(`unknown slot {${name}}`);
    return typeof s === 'function' ? s(this) : this.one(s);
  }

  private render(nodes: Node[], depth: number): string {
    if (depth > 40) throw new Error('template nests too deeply');
    let out = '';
    for (const n of nodes) {
      if (typeof n === 'string') out += n;
      else if ('slot' in n) out += this.slot(n.slot);
      else out += this.render(this.rng.pick(n.alt), depth + 1);
    }
    return out;
  }
}
