#!/usr/bin/env bats
# What completion offers, the binary accepts. Every command, every literal
# first operand completion offers after it (add study, show claim, ...)
# and every option offered there is put back on a command line, with a
# value when it takes one, and `--help` after it: getopt reads options in
# order, so the binary prints the help and exits 0 only when it took the
# option (an unknown option or a refused value exits 2 before --help).
# Bash and zsh are thin over `evidence __complete` (docs/cli.md); both are
# checked to offer the engine's words.

load helper

# The walks below put hundreds of command lines to the binary; each
# process started costs more than the work it does, so they start only
# the binary: the engine's answer is read with bash's own `read`, and a
# prefix's operands are asked once, not once per option.

# cands WORD...: sets CANDS to what the engine offers for that command
# line, one word per line (its descriptions and ':' directives left out).
cands() {
	local out line
	CANDS=
	out=$("$EVIDENCE_BIN" __complete "$@") || return 1
	while IFS= read -r line; do
		[[ -z $line || $line == :* ]] && continue
		CANDS+="${line%%$'\t'*}"$'\n'
	done <<< "$out"
	CANDS=${CANDS%$'\n'}
}

# candidates WORD...: the same, printed.
candidates() {
	cands "$@" && printf '%s\n' "$CANDS"
}

# takes WORD...: the binary exits 0 on that command line followed by
# --help (it took every option and value before it).
takes() {
	"$EVIDENCE_BIN" "$@" --help > /dev/null 2>&1
}

# complete_bash WORD...: what the bash function offers (as in ux.bats).
complete_bash() {
	PATH="$(dirname "$EVIDENCE_BIN"):$PATH" bash -c '
		source "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_evidence
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$REPO/docs/completion/evidence.bash" "$@"
}

# accepts OPERANDS WORD... OPTION: the binary takes OPTION after WORD...,
# with the first value completion offers for it, else a plain value that
# fits. OPERANDS is what the engine offers after WORD... alone: an option
# that takes no value is followed by the same offer.
accepts() {
	local operands=$1 opt=${*: -1} words=("${@:2:$#-2}") v
	cands "${words[@]}" "$opt" ""
	if [ "$CANDS" = "$operands" ] && takes "${words[@]}" "$opt"; then
		return 0 # takes no value
	fi
	# a value completion offers, else plain values of the usual kinds
	# (a number, a URL, a date, a word)
	for v in ${CANDS:+"${CANDS%%$'\n'*}"} 1 https://example.org/x 2026-01-01 x; do
		takes "${words[@]}" "$opt" "$v" && return 0
	done
	echo "completion offers '$opt' after '${words[*]}', but the binary refuses it:" >&2
	"$EVIDENCE_BIN" "${words[@]}" "$opt" "$v" --help 2>&1 | head -3 >&2
	return 1
}

# prefixes: each command, and each command with each literal first operand.
prefixes() {
	local c w
	for c in $(candidates ""); do
		echo "$c"
		for w in $(candidates "$c" ""); do
			case $w in
			study | claim | article | link | list) echo "$c $w" ;;
			esac
		done
	done
}

@test "every option completion offers, for every command and kind, is accepted by the binary" {
	local p o n=0 operands long short
	while read -r p; do
		# shellcheck disable=SC2086 # p is words
		cands $p ""
		operands=$CANDS
		# shellcheck disable=SC2086
		cands $p --
		long=$CANDS
		# shellcheck disable=SC2086
		cands $p -
		short=$(printf '%s\n' "$CANDS" | grep -v '^--')
		for o in $long $short; do
			# shellcheck disable=SC2086
			accepts "$operands" $p "$o"
			n=$((n + 1))
		done
	done < <(prefixes)
	# the walk reached the curation commands' field flags
	[ "$n" -gt 150 ]
}

@test "the field flags offered are the hyphenated ones the binary takes" {
	run candidates add study --
	assert_output_has "--sample-size"
	assert_output_has "--risk-of-bias"
	assert_output_has "--duration-months"
	[[ $output != *_* ]]
	run candidates edit claim x --stated
	assert_output_has "--stated-result"
	[[ $output != *_* ]]
	# another kind's fields are accepted only to say so: not offered
	run candidates add study --stated
	assert_equal "" "$output"
}

@test "bash offers exactly the engine's options for every command and kind" {
	local p
	while read -r p; do
		# shellcheck disable=SC2086
		[ "$(complete_bash evidence $p --)" = "$(candidates $p --)" ] ||
			{ echo "bash and the engine differ after '$p --'" >&2; return 1; }
	done < <(prefixes)
}

@test "zsh completes the field flags to what the binary accepts" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run timeout 60 "$DATA/ux/zsh-complete" "$REPO/docs/completion" "$(dirname "$EVIDENCE_BIN")" \
		'evidence add study --sample-s' 'evidence edit study k --risk-of' \
		'evidence add study --duration-m' 'evidence edit claim c --stated-r'
	assert_status 0
	assert_equal "evidence add study --sample-size
evidence edit study k --risk-of-bias
evidence add study --duration-months
evidence edit claim c --stated-result" "$output"
	run ev add study --sample-size 3 --help
	assert_status 0
	run ev edit study k --risk-of-bias low --duration-months 3 --help
	assert_status 0
	run ev edit claim c --stated-result benefit --help
	assert_status 0
}

@test "every value completion offers for an option, not only the first, is accepted by the binary" {
	local p o v vals operands n=0
	ev -q import "$DATA"/todo/*.csv
	while read -r p; do
		# shellcheck disable=SC2086 # p is words
		cands $p ""
		operands=$CANDS
		# shellcheck disable=SC2086
		cands $p --
		for o in $CANDS; do
			# shellcheck disable=SC2086
			cands $p "$o" ""
			vals=$CANDS
			# an option without a value offers what follows it: the operands
			[ -n "$vals" ] && [ "$vals" != "$operands" ] || continue
			for v in $vals; do
				# shellcheck disable=SC2086
				takes $p "$o" "$v" || {
					echo "completion offers '$o $v' after '$p', but the binary refuses it:" >&2
					# shellcheck disable=SC2086
					ev $p "$o" "$v" --help 2>&1 | head -3 >&2
					return 1
				}
				n=$((n + 1))
			done
		done
	done < <(prefixes)
	# the walk reached the formats, kinds, directions and the fixture's keys
	[ "$n" -gt 150 ]
}
