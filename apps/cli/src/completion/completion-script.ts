import type { CompletionShell } from './complete-words.js';

// Each script hands the words of the command line (after `ssokit`, up to the word being typed) to
// `ssokit __complete --`, which answers one candidate a line: the logic lives in one place.
const SCRIPTS: Record<CompletionShell, string> = {
  bash: `# ssokit completion for bash. Add to ~/.bashrc:  eval "$(ssokit completion bash)"
_ssokit_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(ssokit __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -F _ssokit_complete ssokit
`,
  zsh: `#compdef ssokit
# ssokit completion for zsh. Add to ~/.zshrc (after compinit):  eval "$(ssokit completion zsh)"
_ssokit() {
  local -a candidates
  candidates=(\${(f)"$(ssokit __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  compadd -a candidates
}
compdef _ssokit ssokit
`,
  fish: `# ssokit completion for fish. Save as ~/.config/fish/completions/ssokit.fish:
#   ssokit completion fish > ~/.config/fish/completions/ssokit.fish
function __ssokit_complete
    set -l words (commandline -opc) (commandline -ct)
    ssokit __complete -- $words[2..-1] 2>/dev/null
end
complete -c ssokit -f -a '(__ssokit_complete)'
`,
  powershell: `# ssokit completion for PowerShell. Add to $PROFILE:  ssokit completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName ssokit -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | Where-Object { $_.Extent.EndOffset -le $cursorPosition } | ForEach-Object { $_.ToString() })
    if ($wordToComplete -eq '') { $words += '' }
    ssokit __complete -- @words 2>$null | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`,
};

/** The completion script of `shell`, which calls `ssokit __complete` for every completion. */
export function completionScript(shell: CompletionShell): string {
  return SCRIPTS[shell];
}
