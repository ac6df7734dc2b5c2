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
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "audit" -d 'Check security, cost and reliability policies; exit 1 on findings at or above --fail-on'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "cost" -d 'Estimate monthly cost from the embedded, offline AWS price catalog'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "pricing" -d 'The price catalog: which snapshot is in use, and refreshing it'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "inspect" -d 'List every evaluated resource instance (for debugging configurations)'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "policies" -d 'List, show and document the policies'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "history" -d 'Audit runs recorded in the store, with the score trend'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "init" -d 'Write a commented default .chkmate.yml'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c chkmate -n "__fish_chkmate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l var -d 'Set a root module variable (NAME=VALUE); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l var-file -d 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l exclude -d 'Skip files and directories matching this glob (relative to the root); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l workspace -d 'Value of `terraform.workspace`' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s f -l format -d 'Output format on stdout' -r -f -a "table\t'A table for the terminal, grouped by severity, with a summary'
json\t'The JSON contract of DESIGN.md'
sarif\t'SARIF 2.1.0 (code scanning)'
junit\t'JUnit XML (CI test reports)'
csv\t'Comma-separated values, one finding a row'
markdown\t'Markdown for a pull-request comment'
github\t'GitHub Actions workflow annotations'"
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s o -l output -d 'Also write a report to FILE, as FORMAT:FILE (e.g. sarif:results.sarif) or FILE (in --format); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l fail-on -d 'Lowest severity that fails the run (exit 1): critical, high, medium, low, info' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l only -d 'Run only these policies (comma-separated IDs)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l skip -d 'Skip these policies (comma-separated IDs)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l policies -d 'Load more policies (YAML) from this directory; may be repeated' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l baseline -d 'Only findings not in this baseline file gate the run' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l write-baseline -d 'Write the current findings as a baseline file' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l config -d 'Configuration file (default: .chkmate.yml found upward from the first PATH)' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l soft-fail -d 'Report findings but exit 0 instead of 1'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -l no-store -d 'Do not record this run in the store'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chkmate -n "__fish_chkmate_using_subcommand audit" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l var -d 'Set a root module variable (NAME=VALUE); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l var-file -d 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l exclude -d 'Skip files and directories matching this glob (relative to the root); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l workspace -d 'Value of `terraform.workspace`' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l region -d 'Price every resource in this region (default: each resource\'s provider region)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l usage-file -d 'Usage quantities (chkmate-usage.yml; Infracost\'s infracost-usage.yml keys work too)' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l compare-to -d 'Show the difference against another PATH, a plan JSON or an earlier `cost --format json` output' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l budget -d 'Fail (exit 1) when the monthly total exceeds this many USD' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l max-increase -d 'With --compare-to: fail (exit 1) when the monthly total grows by more than this, in USD (`100`) or percent (`10%`)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s f -l format -d 'Output format' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s o -l output -d 'Also write the report to FILE, as FORMAT:FILE or FILE (in --format); may be repeated' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l config -d 'Configuration file (default: .chkmate.yml found upward from the first PATH)' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -l no-store -d 'Do not record this estimate in the store'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -a "history" -d 'Estimates recorded in the store, with the trend'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and not __fish_seen_subcommand_from history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -l limit -r
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -s f -l format -r -f -a "table\t''
json\t''"
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "history" -d 'Estimates recorded in the store, with the trend'
complete -c chkmate -n "__fish_chkmate_using_subcommand cost; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -f -a "status" -d 'Which price snapshot estimates use (source, capture date, cache age)'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -f -a "update" -d 'Rebuild the price cache from the AWS public bulk price list'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and not __fish_seen_subcommand_from status update help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -l region -d 'Regions to fetch (default: every region in the region index)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -l base-url -d 'Base URL of the price list (default: AWS\'s public endpoint; tests point it at a local server)' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -l force -d 'Refresh even when the cache is younger than 24 hours'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "status" -d 'Which price snapshot estimates use (source, capture date, cache age)'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "update" -d 'Rebuild the price cache from the AWS public bulk price list'
complete -c chkmate -n "__fish_chkmate_using_subcommand pricing; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -f -a "list" -d 'One line per policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -f -a "show" -d 'Everything about one policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -f -a "docs" -d 'Markdown documentation of every policy (from the same YAML)'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and not __fish_seen_subcommand_from list show docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -l policies -d 'Also load policies from this directory; may be repeated' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -s f -l format -d 'Output format' -r -f -a "table\t''
json\t''"
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from show" -l policies -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -l policies -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from docs" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from help" -f -a "list" -d 'One line per policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from help" -f -a "show" -d 'Everything about one policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from help" -f -a "docs" -d 'Markdown documentation of every policy (from the same YAML)'
complete -c chkmate -n "__fish_chkmate_using_subcommand policies; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -l limit -d 'How many runs' -r
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -s f -l format -r -f -a "table\t''
json\t''"
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand history" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand init" -l force -d 'Replace an existing file'
complete -c chkmate -n "__fish_chkmate_using_subcommand init" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand init" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand init" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand init" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s q -l quiet -d 'Print only results and errors'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s v -l verbose -d 'Print more detail about what chkmate does'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s h -l help -d 'Print help'
complete -c chkmate -n "__fish_chkmate_using_subcommand completions" -s V -l version -d 'Print version'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "audit" -d 'Check security, cost and reliability policies; exit 1 on findings at or above --fail-on'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "cost" -d 'Estimate monthly cost from the embedded, offline AWS price catalog'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "pricing" -d 'The price catalog: which snapshot is in use, and refreshing it'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "inspect" -d 'List every evaluated resource instance (for debugging configurations)'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "policies" -d 'List, show and document the policies'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "history" -d 'Audit runs recorded in the store, with the score trend'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "init" -d 'Write a commented default .chkmate.yml'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "completions" -d 'Print shell completions'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and not __fish_seen_subcommand_from audit cost pricing inspect policies history init completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from cost" -f -a "history" -d 'Estimates recorded in the store, with the trend'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "status" -d 'Which price snapshot estimates use (source, capture date, cache age)'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from pricing" -f -a "update" -d 'Rebuild the price cache from the AWS public bulk price list'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from policies" -f -a "list" -d 'One line per policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from policies" -f -a "show" -d 'Everything about one policy'
complete -c chkmate -n "__fish_chkmate_using_subcommand help; and __fish_seen_subcommand_from policies" -f -a "docs" -d 'Markdown documentation of every policy (from the same YAML)'
