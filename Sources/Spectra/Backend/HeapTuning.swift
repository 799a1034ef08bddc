// Process-wide malloc tuning so that large temporary matrices are recycled instead of mmap/munmap'ed.
#if os(Linux)
  /// glibc's `int mallopt(int param, int value)` (declared in <malloc.h>, which Glibc's module omits).
  @_silgen_name("mallopt")
  private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
  /// <malloc.h>: `#define M_TRIM_THRESHOLD -1`.
  private let mTrimThreshold: Int32 = -1
  /// <malloc.h>: `#define M_MMAP_THRESHOLD -3`.
  private let mMmapThreshold: Int32 = -3
#endif

/// glibc serves blocks above its mmap threshold with fresh `mmap` pages and returns them with `munmap`
/// on free, so a loop that allocates a p × h matrix per step pays a page fault per 4 KiB every step
/// (seen as system time). Raising the threshold and the trim threshold keeps such blocks in the heap.
///
/// Call once at program start (the CLI does); it changes a process-wide C setting and affects only speed.
public enum HeapTuning {
  /// Sets glibc's `M_MMAP_THRESHOLD` to `mmapThreshold` bytes (≤ 32 MiB, glibc's maximum) and
  /// `M_TRIM_THRESHOLD` to `trimThreshold` bytes.
  ///
  /// - Returns: whether both settings were accepted (false on non-glibc platforms).
  @discardableResult
  public static func keepLargeBlocksInHeap(mmapThreshold: Int = 32 << 20, trimThreshold: Int = 1 << 30)
    -> Bool
  {
    #if os(Linux)
      let a = glibcMallopt(mMmapThreshold, Int32(clamping: mmapThreshold))
      let b = glibcMallopt(mTrimThreshold, Int32(clamping: trimThreshold))
      return a == 1 && b == 1
    #else
      return false
    #endif
  }
}
