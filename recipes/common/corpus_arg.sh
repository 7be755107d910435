# Checks a recipe's --corpus before stage 0: given, made absolute against the caller's folder ($start_dir), and
# an existing folder. Usage: require_corpus "what the folder must hold". The recipe then checks its own layout.
require_corpus() {
  [ -n "$corpus" ] || { echo "$0: --corpus PATH is required: $1" >&2; exit 1; }
  case "$corpus" in /*) ;; *) corpus="$start_dir/$corpus" ;; esac
  [ -d "$corpus" ] || { echo "$0: --corpus '$corpus' does not exist" >&2; exit 1; }
}
