# bash completion for evidence                                -*- shell-script -*-
#
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/evidence, where the
# bash-completion package loads it on demand; or source it from ~/.bashrc.
#
# The script knows nothing about evidence's commands: it hands the words
# before the cursor to `evidence __complete` and offers what that prints
# (one candidate per line, a tab before an optional description; lines
# ":files", ":dirs", ":nospace" ask for file names, directories, or no space
# after the word). So commands, options, formats and the keys in the
# database are always those of the installed binary. Needs no helper from
# bash-completion.

_evidence() {
	local prog=${COMP_WORDS[0]} word=${COMP_WORDS[COMP_CWORD]}
	local -a words=()
	local i w joined=0
	((COMP_CWORD > 0)) || return 0

	# bash splits "--format=json" at '=' (COMP_WORDBREAKS); join such words
	# again so the binary sees them as typed.
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && ${#words[@]} -gt 0 && ${words[-1]} == -* ]]; then
			words[-1]+="="
			joined=1
		elif ((joined)); then
			words[-1]+=$w
			joined=0
		else
			words+=("$w")
		fi
	done
	[[ $word == = ]] && word=
	local cur=${words[-1]-}
	# A program typed as ~/bin/evidence: the tilde is not expanded yet.
	[[ $prog == \~/* ]] && prog=$HOME/${prog#\~/}

	local out
	out=$("$prog" __complete "${words[@]}" 2>/dev/null) || return
	COMPREPLY=()
	local line files=0 dirs=0 nospace=0 strip=
	# After "--opt=", readline replaces only the part after '=' when '='
	# breaks words: offer that part.
	if [[ $cur == -*=* && $COMP_WORDBREAKS == *=* ]]; then
		strip=${cur%%=*}=
	fi
	while IFS= read -r line; do
		case $line in
		:files) files=1 ;;
		:dirs) dirs=1 ;;
		:nospace) nospace=1 ;;
		"") ;;
		*)
			line=${line%%$'\t'*}
			COMPREPLY+=("${line#"$strip"}")
			;;
		esac
	done <<<"$out"
	if ((files || dirs)); then
		local f=$word
		[[ -z $strip ]] || f=${cur#"$strip"}
		compopt -o filenames 2>/dev/null
		if ((files)); then
			while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$f")
		else
			while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -d -- "$f")
		fi
	fi
	if ((nospace)); then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -F _evidence evidence
