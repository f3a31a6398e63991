
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cognito-email-doctor' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cognito-email-doctor'
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
        'cognito-email-doctor' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Diagnose one user (or, with no user, the pool''s settings): which cause applies, with evidence and fix (read-only)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)')
            [CompletionResult]::new('locate', 'locate', [CompletionResultType]::ParameterValue, 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Record the reads diagnose (or audit) makes into one pseudonymised JSON bundle, for someone without access to diagnose offline (read-only)')
            [CompletionResult]::new('reverify', 'reverify', [CompletionResultType]::ParameterValue, 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it')
            [CompletionResult]::new('reinvite', 'reinvite', [CompletionResultType]::ParameterValue, 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit')
            [CompletionResult]::new('force-alias', 'force-alias', [CompletionResultType]::ParameterValue, 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email')
            [CompletionResult]::new('map-idp', 'map-idp', [CompletionResultType]::ParameterValue, 'Cause 3: map the provider''s email-verified claim, keeping every other mapping')
            [CompletionResult]::new('enable-verification', 'enable-verification', [CompletionResultType]::ParameterValue, 'Make the pool send email verification codes, carrying over every other pool setting')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the long explanation of a finding code')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cognito-email-doctor;diagnose' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id, such as eu-west-1_AbC123 (with --id-token-file, the token names it)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The user''s username (or an alias the pool accepts in its place)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email address (when several users share it, the one whose email is unverified)')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The user''s sub (its immutable id)')
            [CompletionResult]::new('--id-token-file', '--id-token-file', [CompletionResultType]::ParameterName, 'The user''s ID token, in a file (`-` for stdin): its issuer names the region and pool, its sub the user, and its email claims are compared with the pool''s. Decoded, never verified against the network, never printed')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back to read every time-bound record: the user''s CloudTrail history (90 days at most) and the delivery errors the pool exports to CloudWatch Logs; such as 30d, 36h or 90m')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Diagnose offline from a bundle `collect` wrote: every read answered from it, no credentials, no network; the user is the bundle''s unless one is given (by its token)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key file `collect --key-out` wrote: the real names in place of the bundle''s tokens')
            [CompletionResult]::new('--pool-json', '--pool-json', [CompletionResultType]::ParameterName, 'Offline from pasted AWS CLI output: `aws cognito-idp describe-user-pool` output; what is not given is listed under unavailable (kind not-given)')
            [CompletionResult]::new('--user-json', '--user-json', [CompletionResultType]::ParameterName, 'With --pool-json: `aws cognito-idp admin-get-user` output (the user diagnosed)')
            [CompletionResult]::new('--clients-json', '--clients-json', [CompletionResultType]::ParameterName, 'With --pool-json: `list-user-pool-clients` or `describe-user-pool-client` output')
            [CompletionResult]::new('--providers-json', '--providers-json', [CompletionResultType]::ParameterName, 'With --pool-json: `describe-identity-provider` output')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;audit' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'Most ListUsers calls per second, across every partition: 0.1 to 30. ListUsers allows 30 per second per account, shared with your application: the default leaves two thirds to it. With --all-pools, in each account and region')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Partitions scanned at once (by sub prefix, under the one rate limit); 1 = one sequential scan. Enough to keep the rate when each call takes a few hundred ms')
            [CompletionResult]::new('--starting-token', '--starting-token', [CompletionResultType]::ParameterName, 'Resume an interrupted scan from the token it printed (one token for every partition; with --all-pools, one for the pools done and where each stopped)')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Audit offline from a bundle `collect --all-users` wrote: every read answered from it, no credentials, no network')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The key file `collect --key-out` wrote: the real names in place of the bundle''s tokens')
            [CompletionResult]::new('--page-size', '--page-size', [CompletionResultType]::ParameterName, 'Users per ListUsers page (1 to 60)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account''s enabled regions when account:ListRegions can be read); default: --region')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)')
            [CompletionResult]::new('--max-scopes', '--max-scopes', [CompletionResultType]::ParameterName, 'Account and region pairs read at once, each at its own quota (1 to 64)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--all-pools', '--all-pools', [CompletionResultType]::ParameterName, 'Every pool in scope (--regions, --profiles, --accounts), each audited as one pool is; account and region pairs at once (--max-scopes), the pools of one pair one after another (they share its ListUsers quota)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;locate' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email address (searched as given and in lowercase)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The username')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The user''s sub')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'A file holding the user''s ID token (`-`: stdin): its issuer names the pool, no search; the token is never printed')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'An app client id: the pool that has it')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A hosted UI domain (its prefix, or a custom domain): the pool that has it')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'Most ListUsers calls per second in each account and region, 0.1 to 30 (the quota is per account and region, shared with your application)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account''s enabled regions when account:ListRegions can be read); default: --region')
            [CompletionResult]::new('--profiles', '--profiles', [CompletionResultType]::ParameterName, 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)')
            [CompletionResult]::new('--max-scopes', '--max-scopes', [CompletionResultType]::ParameterName, 'Account and region pairs read at once, each at its own quota (1 to 64)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;collect' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id, such as eu-west-1_AbC123')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The user''s username')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The user''s email address')
            [CompletionResult]::new('--sub', '--sub', [CompletionResultType]::ParameterName, 'The user''s sub')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The bundle to write (mode 0600, written whole or not at all)')
            [CompletionResult]::new('--key-out', '--key-out', [CompletionResultType]::ParameterName, 'Keep the key and the names it hides in this file (mode 0600), to read the engineer''s fixes with real names (`diagnose --bundle B --key FILE`); keep it, do not send it')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'How far back the user''s CloudTrail history and delivery errors are read (as diagnose)')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'With --all-users: most ListUsers calls per second (as audit)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'With --all-users: partitions scanned at once (as audit)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--all-users', '--all-users', [CompletionResultType]::ParameterName, 'Every user: the reads of `audit`, paced like it, streamed to the file')
            [CompletionResult]::new('--no-pseudonyms', '--no-pseudonyms', [CompletionResultType]::ParameterName, 'Keep usernames, addresses, subs, phone numbers and names as they are (by default each becomes a keyed token, the same value the same token throughout)')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;reverify' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'With --admin: many users, from `audit -o json` output (the users whose findings call for an administrator''s reverify) or one username per line; `-` for stdin')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'With --from: most AdminUpdateUserAttributes calls a second, 0.1 to 25 (the UserUpdate quota is 25 a second per account, shared with your application)')
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id (with --admin)')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The username (with --admin)')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'User path: submit the code the user received. Prefer --code-file: arguments are visible to other local users and end up in shell history')
            [CompletionResult]::new('--code-file', '--code-file', [CompletionResultType]::ParameterName, 'User path: read the code the user received from a file (`-` for stdin)')
            [CompletionResult]::new('--access-token-file', '--access-token-file', [CompletionResultType]::ParameterName, 'The user''s access token, from a file (`-` for stdin) [env: COGNITO_ACCESS_TOKEN]')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Administrator path: set email_verified=true with AdminUpdateUserAttributes')
            [CompletionResult]::new('--take-alias', '--take-alias', [CompletionResultType]::ParameterName, 'With --admin: go ahead even though another user holds this email as a verified alias (that user''s email becomes unverified)')
            [CompletionResult]::new('--anyway', '--anyway', [CompletionResultType]::ParameterName, 'Go ahead even though the fix will be undone: the user is federated and its provider maps email but not email_verified (or could not be read), so its next sign-in reverts it')
            [CompletionResult]::new('--send-code', '--send-code', [CompletionResultType]::ParameterName, 'User path: send the user a verification code (again if the last one expired)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;reinvite' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id, such as eu-west-1_AbC123')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The user to invite again')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Many users, from `audit -o json` output (the users with invite-not-accepted or invite-expired) or one username per line; `-` for stdin. Rerun with the same --journal to do only what is left')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'With --from: most AdminCreateUser calls a second, 0.1 to 50 (the UserCreation quota is 50 a second per account, shared with your application)')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;force-alias' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cognito-email-doctor;force-alias;confirm' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'The app client the user signed up through')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The username of the unconfirmed user')
            [CompletionResult]::new('--code', '--code', [CompletionResultType]::ParameterName, 'The confirmation code. Prefer --code-file: arguments end up in shell history')
            [CompletionResult]::new('--code-file', '--code-file', [CompletionResultType]::ParameterName, 'Read the confirmation code from a file (`-` for stdin)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'The app client''s secret, for SECRET_HASH, from a file (`-` for stdin) [env: COGNITO_CLIENT_SECRET]')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--deny', '--deny', [CompletionResultType]::ParameterName, 'Deny: ForceAliasCreation=false, so the user holding the alias keeps it')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;force-alias;create' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The new user''s username')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'The email address, created verified; the alias moves from any user who holds it')
            [CompletionResult]::new('--message-action', '--message-action', [CompletionResultType]::ParameterName, 'As the AWS CLI''s --message-action: SUPPRESS or RESEND (default: send the invitation)')
            [CompletionResult]::new('--desired-delivery-mediums', '--desired-delivery-mediums', [CompletionResultType]::ParameterName, 'As the AWS CLI''s --desired-delivery-mediums')
            [CompletionResult]::new('--temporary-password-file', '--temporary-password-file', [CompletionResultType]::ParameterName, 'The temporary password, from a file (`-` for stdin); Cognito generates one when absent')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;force-alias;help' {
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cognito-email-doctor;force-alias;help;confirm' {
            break
        }
        'cognito-email-doctor;force-alias;help;create' {
            break
        }
        'cognito-email-doctor;force-alias;help;help' {
            break
        }
        'cognito-email-doctor;map-idp' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id')
            [CompletionResult]::new('--provider-name', '--provider-name', [CompletionResultType]::ParameterName, 'The identity provider''s name in the pool')
            [CompletionResult]::new('--claim', '--claim', [CompletionResultType]::ParameterName, 'The provider claim to map to email_verified. Default: email_verified for OIDC, Google and Sign in with Apple; required for SAML, Facebook and Login with Amazon, which have no standard claim')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;enable-verification' {
            [CompletionResult]::new('--user-pool-id', '--user-pool-id', [CompletionResultType]::ParameterName, 'The user pool id')
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply the change without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;undo' {
            [CompletionResult]::new('--journal', '--journal', [CompletionResultType]::ParameterName, 'The journal to undo (printed by the run that made the changes)')
            [CompletionResult]::new('--max-rps', '--max-rps', [CompletionResultType]::ParameterName, 'Most calls a second: 0.1 to 25 (AdminUpdateUserAttributes allows 25 a second per account, shared with your application)')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'The journal of this undo''s own changes [default: a new file beside the others]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Put them back without asking (required when not on a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Put them back without asking (required when not on a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and change nothing')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;explain' {
            [CompletionResult]::new('--error', '--error', [CompletionResultType]::ParameterName, 'Start from the symptom: the error message or exception name the user, app or log showed (`-` reads it from stdin); prints the likely codes, best first, and how to confirm each')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List every finding code with its title')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a connection to a service, 1 to 300')
            [CompletionResult]::new('--read-timeout', '--read-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Mask email addresses and user identifiers in the output, for pasting into tickets')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cognito-email-doctor;help' {
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Diagnose one user (or, with no user, the pool''s settings): which cause applies, with evidence and fix (read-only)')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)')
            [CompletionResult]::new('locate', 'locate', [CompletionResultType]::ParameterValue, 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)')
            [CompletionResult]::new('collect', 'collect', [CompletionResultType]::ParameterValue, 'Record the reads diagnose (or audit) makes into one pseudonymised JSON bundle, for someone without access to diagnose offline (read-only)')
            [CompletionResult]::new('reverify', 'reverify', [CompletionResultType]::ParameterValue, 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it')
            [CompletionResult]::new('reinvite', 'reinvite', [CompletionResultType]::ParameterValue, 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit')
            [CompletionResult]::new('force-alias', 'force-alias', [CompletionResultType]::ParameterValue, 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email')
            [CompletionResult]::new('map-idp', 'map-idp', [CompletionResultType]::ParameterValue, 'Cause 3: map the provider''s email-verified claim, keeping every other mapping')
            [CompletionResult]::new('enable-verification', 'enable-verification', [CompletionResultType]::ParameterValue, 'Make the pool send email verification codes, carrying over every other pool setting')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the long explanation of a finding code')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cognito-email-doctor;help;diagnose' {
            break
        }
        'cognito-email-doctor;help;audit' {
            break
        }
        'cognito-email-doctor;help;locate' {
            break
        }
        'cognito-email-doctor;help;collect' {
            break
        }
        'cognito-email-doctor;help;reverify' {
            break
        }
        'cognito-email-doctor;help;reinvite' {
            break
        }
        'cognito-email-doctor;help;force-alias' {
            [CompletionResult]::new('confirm', 'confirm', [CompletionResultType]::ParameterValue, 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)')
            break
        }
        'cognito-email-doctor;help;force-alias;confirm' {
            break
        }
        'cognito-email-doctor;help;force-alias;create' {
            break
        }
        'cognito-email-doctor;help;map-idp' {
            break
        }
        'cognito-email-doctor;help;enable-verification' {
            break
        }
        'cognito-email-doctor;help;undo' {
            break
        }
        'cognito-email-doctor;help;explain' {
            break
        }
        'cognito-email-doctor;help;completions' {
            break
        }
        'cognito-email-doctor;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
