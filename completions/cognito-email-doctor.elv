
use builtin;
use str;

set edit:completion:arg-completer[cognito-email-doctor] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cognito-email-doctor'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cognito-email-doctor'= {
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand diagnose 'Diagnose one user (or, with no user, the pool''s settings): which cause applies, with evidence and fix (read-only)'
            cand audit 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)'
            cand locate 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)'
            cand reverify 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it'
            cand reinvite 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit'
            cand force-alias 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email'
            cand map-idp 'Cause 3: map the provider''s email-verified claim, keeping every other mapping'
            cand enable-verification 'Make the pool send email verification codes, carrying over every other pool setting'
            cand undo 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)'
            cand explain 'Print the long explanation of a finding code'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cognito-email-doctor;diagnose'= {
            cand --user-pool-id 'The user pool id, such as eu-west-1_AbC123 (with --id-token-file, the token names it)'
            cand --username 'The user''s username (or an alias the pool accepts in its place)'
            cand --email 'The user''s email address (when several users share it, the one whose email is unverified)'
            cand --sub 'The user''s sub (its immutable id)'
            cand --id-token-file 'The user''s ID token, in a file (`-` for stdin): its issuer names the region and pool, its sub the user, and its email claims are compared with the pool''s. Decoded, never verified against the network, never printed'
            cand --since 'How far back to read every time-bound record: the user''s CloudTrail history (90 days at most) and the delivery errors the pool exports to CloudWatch Logs; such as 30d, 36h or 90m'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;audit'= {
            cand --user-pool-id 'The user pool id'
            cand --max-rps 'Most ListUsers calls per second, across every partition: 0.1 to 30. ListUsers allows 30 per second per account, shared with your application: the default leaves two thirds to it. With --all-pools, in each account and region'
            cand --parallel 'Partitions scanned at once (by sub prefix, under the one rate limit); 1 = one sequential scan. Enough to keep the rate when each call takes a few hundred ms'
            cand --starting-token 'Resume an interrupted scan from the token it printed (one token for every partition; with --all-pools, one for the pools done and where each stopped)'
            cand --page-size 'Users per ListUsers page (1 to 60)'
            cand --regions 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account''s enabled regions when account:ListRegions can be read); default: --region'
            cand --profiles 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain'
            cand --accounts 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)'
            cand --role-name 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)'
            cand --max-scopes 'Account and region pairs read at once, each at its own quota (1 to 64)'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --all-pools 'Every pool in scope (--regions, --profiles, --accounts), each audited as one pool is; account and region pairs at once (--max-scopes), the pools of one pair one after another (they share its ListUsers quota)'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;locate'= {
            cand --email 'The user''s email address (searched as given and in lowercase)'
            cand --username 'The username'
            cand --sub 'The user''s sub'
            cand --token-file 'A file holding the user''s ID token (`-`: stdin): its issuer names the pool, no search; the token is never printed'
            cand --client-id 'An app client id: the pool that has it'
            cand --domain 'A hosted UI domain (its prefix, or a custom domain): the pool that has it'
            cand --max-rps 'Most ListUsers calls per second in each account and region, 0.1 to 30 (the quota is per account and region, shared with your application)'
            cand --regions 'Regions to search, comma-separated, or `all` (every region Cognito user pools are offered in, narrowed to the account''s enabled regions when account:ListRegions can be read); default: --region'
            cand --profiles 'Credential sets to search with, one per named profile, comma-separated, or `all` (every profile of the AWS config files); default: --profile or the default chain'
            cand --accounts 'Accounts to search by assuming --role-name in each: account ids (comma-separated), a file of them (one a line), or `organization` (Organizations ListAccounts, active accounts)'
            cand --role-name 'The role assumed in each account of --accounts (arn:PARTITION:iam::ACCOUNT:role/NAME)'
            cand --max-scopes 'Account and region pairs read at once, each at its own quota (1 to 64)'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;reverify'= {
            cand --from 'With --admin: many users, from `audit -o json` output (the users whose findings call for an administrator''s reverify) or one username per line; `-` for stdin'
            cand --max-rps 'With --from: most AdminUpdateUserAttributes calls a second, 0.1 to 25 (the UserUpdate quota is 25 a second per account, shared with your application)'
            cand --user-pool-id 'The user pool id (with --admin)'
            cand --username 'The username (with --admin)'
            cand --code 'User path: submit the code the user received. Prefer --code-file: arguments are visible to other local users and end up in shell history'
            cand --code-file 'User path: read the code the user received from a file (`-` for stdin)'
            cand --access-token-file 'The user''s access token, from a file (`-` for stdin) [env: COGNITO_ACCESS_TOKEN]'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --admin 'Administrator path: set email_verified=true with AdminUpdateUserAttributes'
            cand --take-alias 'With --admin: go ahead even though another user holds this email as a verified alias (that user''s email becomes unverified)'
            cand --anyway 'Go ahead even though the fix will be undone: the user is federated and its provider maps email but not email_verified (or could not be read), so its next sign-in reverts it'
            cand --send-code 'User path: send the user a verification code (again if the last one expired)'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;reinvite'= {
            cand --user-pool-id 'The user pool id, such as eu-west-1_AbC123'
            cand --username 'The user to invite again'
            cand --from 'Many users, from `audit -o json` output (the users with invite-not-accepted or invite-expired) or one username per line; `-` for stdin. Rerun with the same --journal to do only what is left'
            cand --max-rps 'With --from: most AdminCreateUser calls a second, 0.1 to 50 (the UserCreation quota is 50 a second per account, shared with your application)'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;force-alias'= {
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand confirm 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
            cand create 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cognito-email-doctor;force-alias;confirm'= {
            cand --user-pool-id 'The user pool id'
            cand --client-id 'The app client the user signed up through'
            cand --username 'The username of the unconfirmed user'
            cand --code 'The confirmation code. Prefer --code-file: arguments end up in shell history'
            cand --code-file 'Read the confirmation code from a file (`-` for stdin)'
            cand --client-secret-file 'The app client''s secret, for SECRET_HASH, from a file (`-` for stdin) [env: COGNITO_CLIENT_SECRET]'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --deny 'Deny: ForceAliasCreation=false, so the user holding the alias keeps it'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;force-alias;create'= {
            cand --user-pool-id 'The user pool id'
            cand --username 'The new user''s username'
            cand --email 'The email address, created verified; the alias moves from any user who holds it'
            cand --message-action 'As the AWS CLI''s --message-action: SUPPRESS or RESEND (default: send the invitation)'
            cand --desired-delivery-mediums 'As the AWS CLI''s --desired-delivery-mediums'
            cand --temporary-password-file 'The temporary password, from a file (`-` for stdin); Cognito generates one when absent'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;force-alias;help'= {
            cand confirm 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
            cand create 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cognito-email-doctor;force-alias;help;confirm'= {
        }
        &'cognito-email-doctor;force-alias;help;create'= {
        }
        &'cognito-email-doctor;force-alias;help;help'= {
        }
        &'cognito-email-doctor;map-idp'= {
            cand --user-pool-id 'The user pool id'
            cand --provider-name 'The identity provider''s name in the pool'
            cand --claim 'The provider claim to map to email_verified. Default: email_verified for OIDC, Google and Sign in with Apple; required for SAML, Facebook and Login with Amazon, which have no standard claim'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;enable-verification'= {
            cand --user-pool-id 'The user pool id'
            cand --journal 'Append the journal of this run''s changes to F (JSON Lines; `undo --journal F` puts them back) [default: a new file under $XDG_STATE_HOME/cognito-email-doctor/journal/]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand -y 'Apply the change without asking (required when not on a terminal)'
            cand --yes 'Apply the change without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;undo'= {
            cand --journal 'The journal to undo (printed by the run that made the changes)'
            cand --max-rps 'Most calls a second: 0.1 to 25 (AdminUpdateUserAttributes allows 25 a second per account, shared with your application)'
            cand --record 'The journal of this undo''s own changes [default: a new file beside the others]'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand -y 'Put them back without asking (required when not on a terminal)'
            cand --yes 'Put them back without asking (required when not on a terminal)'
            cand --dry-run 'Show the plan and change nothing'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;explain'= {
            cand --error 'Start from the symptom: the error message or exception name the user, app or log showed (`-` reads it from stdin); prints the likely codes, best first, and how to confirm each'
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --list 'List every finding code with its title'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;completions'= {
            cand --profile 'Named profile from the AWS config files (SSO, assume-role and the rest of the chain)'
            cand --region 'AWS region [env: AWS_REGION, AWS_DEFAULT_REGION]; by default the pool id''s prefix'
            cand --endpoint-url 'Another endpoint, such as a local emulator or a VPC endpoint, for every service read [env: AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_ENDPOINT_URL]; SES, Lambda and CloudWatch Logs take AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL_LAMBDA and AWS_ENDPOINT_URL_CLOUDWATCH_LOGS over it'
            cand -o 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --output 'Output format: table for people, json for scripts (JSON Lines for audit), csv for audit'
            cand --connect-timeout 'Seconds to wait for a connection to a service, 1 to 300'
            cand --read-timeout 'Seconds to wait for a service''s answer to one request, 1 to 300; a request that gets none is sent once more, so a read of an endpoint that never answers takes about twice this'
            cand --no-color 'Never colour the output (colour is only used on a terminal) [env: NO_COLOR]'
            cand --redact 'Mask email addresses and user identifiers in the output, for pasting into tickets'
            cand -v 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand --verbose 'Log AWS calls and their timings on stderr (-vv for more); secrets are never logged'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cognito-email-doctor;help'= {
            cand diagnose 'Diagnose one user (or, with no user, the pool''s settings): which cause applies, with evidence and fix (read-only)'
            cand audit 'Scan the whole pool: every user whose email is unverified, grouped by cause (read-only)'
            cand locate 'Find where a user lives: every pool of every region and account in scope, by email, username, sub or ID token (or the pool of an app client or a hosted domain) (read-only)'
            cand reverify 'Cause 1: mark the email verified as an administrator, or send the user a code / submit it'
            cand reinvite 'Send the invitation again to users who never used it (FORCE_CHANGE_PASSWORD): one user or many from an audit'
            cand force-alias 'Cause 2: confirm a sign-up moving (or denying) the alias, or create a user with a duplicate verified email'
            cand map-idp 'Cause 3: map the provider''s email-verified claim, keeping every other mapping'
            cand enable-verification 'Make the pool send email verification codes, carrying over every other pool setting'
            cand undo 'Put back what the changes of a journal changed, newest first (plan, --yes, read-back)'
            cand explain 'Print the long explanation of a finding code'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cognito-email-doctor;help;diagnose'= {
        }
        &'cognito-email-doctor;help;audit'= {
        }
        &'cognito-email-doctor;help;locate'= {
        }
        &'cognito-email-doctor;help;reverify'= {
        }
        &'cognito-email-doctor;help;reinvite'= {
        }
        &'cognito-email-doctor;help;force-alias'= {
            cand confirm 'Confirm a sign-up with ForceAliasCreation true (move the alias to this user), or false with --deny (the other user keeps it; AliasExistsException is the expected answer)'
            cand create 'Create a user as an administrator with a verified email another user may hold (AdminCreateUser, email_verified=True, ForceAliasCreation=True)'
        }
        &'cognito-email-doctor;help;force-alias;confirm'= {
        }
        &'cognito-email-doctor;help;force-alias;create'= {
        }
        &'cognito-email-doctor;help;map-idp'= {
        }
        &'cognito-email-doctor;help;enable-verification'= {
        }
        &'cognito-email-doctor;help;undo'= {
        }
        &'cognito-email-doctor;help;explain'= {
        }
        &'cognito-email-doctor;help;completions'= {
        }
        &'cognito-email-doctor;help;help'= {
        }
    ]
    $completions[$command]
}
