# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_chkmate_global_optspecs
    string join \n q/quiet v/verbose h/help V/version
end

function __fish_chkmate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_chkmate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_chkmate_using_subcommand
    set -l cmd (__fish_chkmate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c chkmate -n "__fish_chkmate_needs_command" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_needs_command" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_needs_command" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_needs_command" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "inspect" -d 'List every evaluated resource instance (for debugging configurations)'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -l var -d 'Set a root module variable (NAME=VALUE); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -l var-file -d 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -l exclude -d 'Skip files and directories matching this glob (relative to the root); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -l workspace -d 'Value of `terraform.workspace`' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -s f -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from inspect completions help" -f -a "inspect" -d 'List every evaluated resource instance (for debugging configurations)'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from inspect completions help" -f -a "completions" -d 'Print shell completions'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from inspect completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
