# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cognito_email_doctor_global_optspecs
    string join \n profile= region= endpoint-url= o/output= no-color redact connect-timeout= read-timeout= v/verbose h/help V/version
end

function __fish_cognito_email_doctor_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cognito_email_doctor_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cognito_email_doctor_using_subcommand
    set -l cmd (__fish_cognito_email_doctor_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "diagnose" -d 'Diagnose one user (or, with no user, the pool\'s settings): which cause applies, with evidence and fix (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "audit" -d 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "locate" -d 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "collect" -d 'Record the reads diagnose (or audit) makes into one pseudonymised JSON bundle, for someone without access to diagnose offline (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "reverify" -d 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "reinvite" -d 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "force-alias" -d 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "map-idp" -d 'Cause 3: map the provider\'s email-verified claim, keeping every other mapping'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "enable-verification" -d 'Make the pool send email verification codes, carrying over every other pool setting'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "undo" -d 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "explain" -d 'Print the long explanation of a finding code'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l user-pool-id -d 'The user pool id, such as eu-west-1_AbC123 (with --id-token-file, the token names it)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l username -d 'The user\'s username (or an alias the pool accepts in its place)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l email -d 'The user\'s email address (when several users share it, the one whose email is unverified)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l sub -d 'The user\'s sub (its immutable id)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l id-token-file -d 'The user\'s ID token, in a file (`-` for stdin): its issuer names the region and pool, its sub the user, and its email claims are compared with the pool\'s. Decoded, never verified against the network, never printed' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l since -d 'How far back to read every time-bound record: the user\'s CloudTrail history (90 days at most) and the delivery errors the pool exports to CloudWatch Logs; such as 30d, 36h or 90m' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l bundle -d 'Diagnose offline from a bundle `collect` wrote: every read answered from it, no credentials, no network; the user is the bundle\'s unless one is given (by its token)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l key -d 'The key file `collect --key-out` wrote: the real names in place of the bundle\'s tokens' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l pool-json -d 'Offline from pasted AWS CLI output: `aws cognito-idp describe-user-pool` output; what is not given is listed under unavailable (kind not-given)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l user-json -d 'With --pool-json: `aws cognito-idp admin-get-user` output (the user diagnosed)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l clients-json -d 'With --pool-json: `list-user-pool-clients` or `describe-user-pool-client` output' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l providers-json -d 'With --pool-json: `describe-identity-provider` output' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand diagnose" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l user-pool-id -d 'The user pool id' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l max-rps -d 'Most ListUsers calls per second, across every partition: 0.1 to 30. ListUsers allows 30 per second per account, shared with your application: the default leaves two thirds to it. With --all-pools, in each account and region' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l parallel -d 'Partitions scanned at once (by sub prefix, under the one rate limit); 1 = one sequential scan. Enough to keep the rate when each call takes a few hundred ms' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l starting-token -d 'Resume an interrupted scan from the token it printed (one token for every partition; with --all-pools, one for the pools done and where each stopped)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l bundle -d 'Audit offline from a bundle `collect --all-users` wrote: every read answered from it, no credentials, no network' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l key -d 'The key file `collect --key-out` wrote: the real names in place of the bundle\'s tokens' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l page-size -d 'Users per ListUsers page (1 to 60)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l regions -d 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account\'s enabled regions when account:ListRegions can be read); default: --region' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l profiles -d 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l accounts -d 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l role-name -d 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l max-scopes -d 'Account and region pairs read at once, each at its own quota (1 to 64)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l all-pools -d 'Every pool in scope (--regions, --profiles, --accounts), each audited as one pool is; account and region pairs at once (--max-scopes), the pools of one pair one after another (they share its ListUsers quota)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand audit" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l email -d 'The user\'s email address (searched as given and in lowercase)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l username -d 'The username' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l sub -d 'The user\'s sub' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l token-file -d 'A file holding the user\'s ID token (`-`: stdin): its issuer names the pool, no search; the token is never printed' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l client-id -d 'An app client id: the pool that has it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l domain -d 'A hosted UI domain (its prefix, or a custom domain): the pool that has it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l max-rps -d 'Most ListUsers calls per second in each account and region, 0.1 to 30 (the quota is per account and region, shared with your application)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l regions -d 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account\'s enabled regions when account:ListRegions can be read); default: --region' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l profiles -d 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l accounts -d 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l role-name -d 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l max-scopes -d 'Account and region pairs read at once, each at its own quota (1 to 64)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand locate" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l user-pool-id -d 'The user pool id, such as eu-west-1_AbC123' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l username -d 'The user\'s username' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l email -d 'The user\'s email address' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l sub -d 'The user\'s sub' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l out -d 'The bundle to write (mode 0600, written whole or not at all)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l key-out -d 'Keep the key and the names it hides in this file (mode 0600), to read the engineer\'s fixes with real names (`diagnose --bundle B --key FILE`); keep it, do not send it' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l since -d 'How far back the user\'s CloudTrail history and delivery errors are read (as diagnose)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l max-rps -d 'With --all-users: most ListUsers calls per second (as audit)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l parallel -d 'With --all-users: partitions scanned at once (as audit)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l all-users -d 'Every user: the reads of `audit`, paced like it, streamed to the file'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l no-pseudonyms -d 'Keep usernames, addresses, subs, phone numbers and names as they are (by default each becomes a keyed token, the same value the same token throughout)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand collect" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l from -d 'With --admin: many users, from `audit -o json` output (the users whose findings call for an administrator\'s reverify) or one username per line; `-` for stdin' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l max-rps -d 'With --from: most AdminUpdateUserAttributes calls a second, 0.1 to 25 (the UserUpdate quota is 25 a second per account, shared with your application)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l user-pool-id -d 'The user pool id (with --admin)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l username -d 'The username (with --admin)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l code -d 'User path: submit the code the user received. Prefer --code-file: arguments are visible to other local users and end up in shell history' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l code-file -d 'User path: read the code the user received from a file (`-` for stdin)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l access-token-file -d 'The user\'s access token, from a file (`-` for stdin) [env: COGNITO_ACCESS_TOKEN]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l admin -d 'Administrator path: set email_verified=true with AdminUpdateUserAttributes'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l take-alias -d 'With --admin: go ahead even though another user holds this email as a verified alias (that user\'s email becomes unverified)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l anyway -d 'Go ahead even though the fix will be undone: the user is federated and its provider maps email but not email_verified (or could not be read), so its next sign-in reverts it'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l send-code -d 'User path: send the user a verification code (again if the last one expired)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reverify" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l user-pool-id -d 'The user pool id, such as eu-west-1_AbC123' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l username -d 'The user to invite again' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l from -d 'Many users, from `audit -o json` output (the users with invite-not-accepted or invite-expired) or one username per line; `-` for stdin. Rerun with the same --journal to do only what is left' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l max-rps -d 'With --from: most AdminCreateUser calls a second, 0.1 to 50 (the UserCreation quota is 50 a second per account, shared with your application)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand reinvite" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -f -a "confirm" -d 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -f -a "create" -d 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and not __fish_seen_subcommand_from confirm create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l user-pool-id -d 'The user pool id' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l client-id -d 'The app client the user signed up through' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l username -d 'The username of the unconfirmed user' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l code -d 'The confirmation code. Prefer --code-file: arguments end up in shell history' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l code-file -d 'Read the confirmation code from a file (`-` for stdin)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l client-secret-file -d 'The app client\'s secret, for SECRET_HASH, from a file (`-` for stdin) [env: COGNITO_CLIENT_SECRET]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l deny -d 'Deny: ForceAliasCreation=false, so the user holding the alias keeps it'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from confirm" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l user-pool-id -d 'The user pool id' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l username -d 'The new user\'s username' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l email -d 'The email address, created verified; the alias moves from any user who holds it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l message-action -d 'As the AWS CLI\'s --message-action: SUPPRESS or RESEND (default: send the invitation)' -r -f -a "suppress\t'Do not send the invitation message'
resend\t'Send the invitation again to an existing user'"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l desired-delivery-mediums -d 'As the AWS CLI\'s --desired-delivery-mediums' -r -f -a "email\t''
sms\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l temporary-password-file -d 'The temporary password, from a file (`-` for stdin); Cognito generates one when absent' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from help" -f -a "confirm" -d 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand force-alias; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l user-pool-id -d 'The user pool id' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l provider-name -d 'The identity provider\'s name in the pool' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l claim -d 'The provider claim to map to email_verified. Default: email_verified for OIDC, Google and Sign in with Apple; required for SAML, Facebook and Login with Amazon, which have no standard claim' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand map-idp" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l user-pool-id -d 'The user pool id' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l journal -d 'Append the journal of this run\'s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -s y -l yes -d 'Apply the change without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand enable-verification" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l journal -d 'The journal to undo (printed by the run that made the changes)' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l max-rps -d 'Most calls a second: 0.1 to 25 (AdminUpdateUserAttributes allows 25 a second per account, shared with your application)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l record -d 'The journal of this undo\'s own changes [default: a new file beside the others]' -r -F
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -s y -l yes -d 'Put them back without asking (required when not on a terminal)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l dry-run -d 'Show the plan and change nothing'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand undo" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l error -d 'Start from the symptom: the error message or exception name the user, app or log showed (`-` reads it from stdin); prints the likely codes, best first, and how to confirm each' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l list -d 'List every finding code with its title'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand explain" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l profile -d 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l region -d 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id\'s prefix' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l endpoint-url -d 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -s o -l output -d 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit' -r -f -a "table\t''
json\t''
csv\t''"
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l connect-timeout -d 'Seconds to wait for a connection to a service, 1 to 300' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l read-timeout -d 'Seconds to wait for a service\'s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this' -r
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l no-color -d 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -l redact -d 'Mask email addresses and user identifiers in the output, for pasting into tickets'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -s v -l verbose -d 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -s h -l help -d 'Print help'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "diagnose" -d 'Diagnose one user (or, with no user, the pool\'s settings): which cause applies, with evidence and fix (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "audit" -d 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "locate" -d 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "collect" -d 'Record the reads diagnose (or audit) makes into one pseudonymised JSON bundle, for someone without access to diagnose offline (read-only)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "reverify" -d 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "reinvite" -d 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "force-alias" -d 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "map-idp" -d 'Cause 3: map the provider\'s email-verified claim, keeping every other mapping'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "enable-verification" -d 'Make the pool send email verification codes, carrying over every other pool setting'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "undo" -d 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "explain" -d 'Print the long explanation of a finding code'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and not __fish_seen_subcommand_from diagnose audit locate collect reverify reinvite force-alias map-idp enable-verification undo explain completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and __fish_seen_subcommand_from force-alias" -f -a "confirm" -d 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
complete -c cognito-email-doctor -n "__fish_cognito_email_doctor_using_subcommand help; and __fish_seen_subcommand_from force-alias" -f -a "create" -d 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
