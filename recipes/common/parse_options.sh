# Kaldi-style option parsing: every `--name value` on the command line sets the shell variable `name`
# (dashes become underscores) if the recipe declared it beforehand; unknown options are an error.
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h)
      echo "usage: $0 [--stage N] [--stop-stage N] [--<variable> value ...]"
      grep -E '^[a-z_]+=' "$0" | sed 's/^/  /'
      exit 0 ;;
    --*)
      name=$(echo "${1#--}" | tr '-' '_')
      if [ -z "${!name+x}" ]; then echo "$0: unknown option $1" >&2; exit 1; fi
      if [ $# -lt 2 ]; then echo "$0: option $1 needs a value" >&2; exit 1; fi
      printf -v "$name" '%s' "$2"
      shift 2 ;;
    *) echo "$0: unexpected argument $1" >&2; exit 1 ;;
  esac
done
