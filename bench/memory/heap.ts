import { getHeapCodeStatistics } from 'node:v8';

/** Memory after a full collection (the child runs with --expose-gc). */
export interface MemorySnapshot {
  /** V8's heapUsed. */
  heap: number;
  /**
   * heapUsed minus compiled code and bytecode: the JIT keeps compiling and discarding code long
   * after a workload starts, which looks like growth but is not a leak of our objects.
   */
  objects: number;
  rss: number;
}

export function snapshot(): MemorySnapshot {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  // Twice: the first pass can leave garbage that only a finalizer or weak callback released.
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  const code = getHeapCodeStatistics();
  return { heap: heapUsed, objects: heapUsed - code.code_and_metadata_size - code.bytecode_and_metadata_size, rss };
}

/** Growth between two snapshots. */
export function growth(before: MemorySnapshot, after: MemorySnapshot): MemorySnapshot {
  return { heap: after.heap - before.heap, objects: after.objects - before.objects, rss: after.rss - before.rss };
}
