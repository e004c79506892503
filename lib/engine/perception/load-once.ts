/**
 * Loads models once per process: every caller shares the one load in flight; a load that fails
 * is forgotten, so the next call tries again (a model file restored, memory freed).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    if (!loading) {
      loading = load();
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}
