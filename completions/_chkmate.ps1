
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'chkmate' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'chkmate'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'chkmate' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check security, cost and reliability policies; exit 1 on findings at or above --fail-on')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Estimate monthly cost from the embedded, offline AWS price catalog')
            [CompletionResult]::new('pricing', 'pricing', [CompletionResultType]::ParameterValue, 'The price catalog: which snapshot is in use, and refreshing it')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'List every evaluated resource instance (for debugging configurations)')
            [CompletionResult]::new('policies', 'policies', [CompletionResultType]::ParameterValue, 'List, show and document the policies')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Audit runs recorded in the store, with the score trend')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default .chkmate.yml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;audit' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a root module variable (NAME=VALUE); may be repeated')
            [CompletionResult]::new('--var-file', '--var-file', [CompletionResultType]::ParameterName, 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files and directories matching this glob (relative to the root); may be repeated')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Value of `terraform.workspace`')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format on stdout')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format on stdout')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write a report to FILE, as FORMAT:FILE (e.g. sarif:results.sarif) or FILE (in --format); may be repeated')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write a report to FILE, as FORMAT:FILE (e.g. sarif:results.sarif) or FILE (in --format); may be repeated')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Lowest severity that fails the run (exit 1): critical, high, medium, low, info')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these policies (comma-separated IDs)')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip these policies (comma-separated IDs)')
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'Load more policies (YAML) from this directory; may be repeated')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Only findings not in this baseline file gate the run')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Write the current findings as a baseline file')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (default: .chkmate.yml found upward from the first PATH)')
            [CompletionResult]::new('--soft-fail', '--soft-fail', [CompletionResultType]::ParameterName, 'Report findings but exit 0 instead of 1')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not record this run in the store')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;cost' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a root module variable (NAME=VALUE); may be repeated')
            [CompletionResult]::new('--var-file', '--var-file', [CompletionResultType]::ParameterName, 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files and directories matching this glob (relative to the root); may be repeated')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Value of `terraform.workspace`')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Price every resource in this region (default: each resource''s provider region)')
            [CompletionResult]::new('--usage-file', '--usage-file', [CompletionResultType]::ParameterName, 'Usage quantities (chkmate-usage.yml; Infracost''s infracost-usage.yml keys work too)')
            [CompletionResult]::new('--compare-to', '--compare-to', [CompletionResultType]::ParameterName, 'Show the difference against another PATH, a plan JSON or an earlier `cost --format json` output')
            [CompletionResult]::new('--budget', '--budget', [CompletionResultType]::ParameterName, 'Fail (exit 1) when the monthly total exceeds this many USD')
            [CompletionResult]::new('--max-increase', '--max-increase', [CompletionResultType]::ParameterName, 'With --compare-to: fail (exit 1) when the monthly total grows by more than this, in USD (`100`) or percent (`10%`)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also write the report to FILE, as FORMAT:FILE or FILE (in --format); may be repeated')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also write the report to FILE, as FORMAT:FILE or FILE (in --format); may be repeated')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (default: .chkmate.yml found upward from the first PATH)')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Do not record this estimate in the store')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Estimates recorded in the store, with the trend')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;cost;history' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'limit')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;cost;help' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Estimates recorded in the store, with the trend')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;cost;help;history' {
            break
        }
        'chkmate;cost;help;help' {
            break
        }
        'chkmate;pricing' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which price snapshot estimates use (source, capture date, cache age)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rebuild the price cache from the AWS public bulk price list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;pricing;status' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;pricing;update' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Regions to fetch (default: every region in the region index)')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Base URL of the price list (default: AWS''s public endpoint; tests point it at a local server)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Refresh even when the cache is younger than 24 hours')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;pricing;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which price snapshot estimates use (source, capture date, cache age)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rebuild the price cache from the AWS public bulk price list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;pricing;help;status' {
            break
        }
        'chkmate;pricing;help;update' {
            break
        }
        'chkmate;pricing;help;help' {
            break
        }
        'chkmate;inspect' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'Set a root module variable (NAME=VALUE); may be repeated')
            [CompletionResult]::new('--var-file', '--var-file', [CompletionResultType]::ParameterName, 'Read root module variables from a .tfvars or .tfvars.json file; may be repeated')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip files and directories matching this glob (relative to the root); may be repeated')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Value of `terraform.workspace`')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;policies' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One line per policy')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one policy')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Markdown documentation of every policy (from the same YAML)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;policies;list' {
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'Also load policies from this directory; may be repeated')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;policies;show' {
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'policies')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;policies;docs' {
            [CompletionResult]::new('--policies', '--policies', [CompletionResultType]::ParameterName, 'policies')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;policies;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One line per policy')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one policy')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Markdown documentation of every policy (from the same YAML)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;policies;help;list' {
            break
        }
        'chkmate;policies;help;show' {
            break
        }
        'chkmate;policies;help;docs' {
            break
        }
        'chkmate;policies;help;help' {
            break
        }
        'chkmate;history' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many runs')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'f')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;init' {
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing file')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;completions' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only results and errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail about what chkmate does')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chkmate;help' {
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check security, cost and reliability policies; exit 1 on findings at or above --fail-on')
            [CompletionResult]::new('cost', 'cost', [CompletionResultType]::ParameterValue, 'Estimate monthly cost from the embedded, offline AWS price catalog')
            [CompletionResult]::new('pricing', 'pricing', [CompletionResultType]::ParameterValue, 'The price catalog: which snapshot is in use, and refreshing it')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'List every evaluated resource instance (for debugging configurations)')
            [CompletionResult]::new('policies', 'policies', [CompletionResultType]::ParameterValue, 'List, show and document the policies')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Audit runs recorded in the store, with the score trend')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented default .chkmate.yml')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chkmate;help;audit' {
            break
        }
        'chkmate;help;cost' {
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'Estimates recorded in the store, with the trend')
            break
        }
        'chkmate;help;cost;history' {
            break
        }
        'chkmate;help;pricing' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Which price snapshot estimates use (source, capture date, cache age)')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Rebuild the price cache from the AWS public bulk price list')
            break
        }
        'chkmate;help;pricing;status' {
            break
        }
        'chkmate;help;pricing;update' {
            break
        }
        'chkmate;help;inspect' {
            break
        }
        'chkmate;help;policies' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'One line per policy')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Everything about one policy')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Markdown documentation of every policy (from the same YAML)')
            break
        }
        'chkmate;help;policies;list' {
            break
        }
        'chkmate;help;policies;show' {
            break
        }
        'chkmate;help;policies;docs' {
            break
        }
        'chkmate;help;history' {
            break
        }
        'chkmate;help;init' {
            break
        }
        'chkmate;help;completions' {
            break
        }
        'chkmate;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
