"""Seeds a moto Cognito emulator with one user per documented cause of an unverified email.

Prints shell assignments (POOL=..., LEGACY_POOL=...) for the sandbox and benchmark scripts.
Everything is built through the Cognito API.
"""
import io
import json
import os
import sys
import time
import zipfile

import boto3

endpoint = os.environ["MOTO_ENDPOINT"]
c = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=endpoint,
                 aws_access_key_id="sandbox", aws_secret_access_key="sandbox")


def user(pool, username, **attrs):
    """A user as after its first sign-in (CONFIRMED): created by an administrator, no message
    sent, then given a permanent password."""
    c.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()])
    c.admin_set_user_password(UserPoolId=pool, Username=username, Password="Sandbox-Passw0rd!",
                              Permanent=True)


def identities(provider, ptype):
    return json.dumps([{"userId": "1234567890", "providerName": provider, "providerType": ptype,
                        "issuer": None, "primary": True, "dateCreated": 1700000000000}])


# The SES identity the pool sends through: verified (moto verifies at once). A pool that sends
# through SES (DEVELOPER) needs no sending authorization policy: Cognito's service-linked role
# grants it (Cognito developer guide, "Email settings for Amazon Cognito user pools").
ses = boto3.client("sesv2", region_name="us-east-1", endpoint_url=endpoint,
                   aws_access_key_id="sandbox", aws_secret_access_key="sandbox")
IDENTITY = "no-reply@example.com"
IDENTITY_ARN = "arn:aws:ses:us-east-1:123456789012:identity/" + IDENTITY
try:
    ses.create_email_identity(EmailIdentity=IDENTITY)
except ses.exceptions.AlreadyExistsException:
    pass

# A pool with email as an alias that sends email codes through SES, and resets passwords by email.
pool = c.create_user_pool(
    PoolName="sandbox", AliasAttributes=["email"], AutoVerifiedAttributes=["email"],
    EmailConfiguration={"EmailSendingAccount": "DEVELOPER",
                        "SourceArn": IDENTITY_ARN},
    AccountRecoverySetting={"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
    Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                                 "RequireNumbers": True, "RequireSymbols": False,
                                 "TemporaryPasswordValidityDays": 3}},
)["UserPool"]["Id"]
client_id = c.create_user_pool_client(UserPoolId=pool, ClientName="web")["UserPoolClient"]["ClientId"]

# Cause 1: alice, a confirmed user, changed her email; Cognito set email_verified to false.
user(pool, "alice", email="alice@example.com", email_verified="true")
time.sleep(0.01)
c.admin_update_user_attributes(UserPoolId=pool, Username="alice", UserAttributes=[
    {"Name": "email", "Value": "alice.new@example.com"}, {"Name": "email_verified", "Value": "false"}])
# Never verified: created by an administrator without email_verified.
user(pool, "diego", email="diego@example.com")
# Verified to Cognito, not to an app comparing the string with "true".
user(pool, "cap", email="cap@example.com", email_verified="True")
# Cause 2: olivia's address was taken over by nora, who confirmed later with ForceAliasCreation.
user(pool, "olivia", email="shared@example.com", email_verified="false")
user(pool, "nora", email="shared@example.com", email_verified="true")
# Cause 2, before it happens: a sign-up with an address another user holds verified.
c.sign_up(ClientId=client_id, Username="sam", Password="Sandbox-Passw0rd",
          UserAttributes=[{"Name": "email", "Value": "shared@example.com"}])
# Cause 3: a federated user whose OIDC provider maps email but not email_verified.
c.create_identity_provider(
    UserPoolId=pool, ProviderName="Okta", ProviderType="OIDC",
    ProviderDetails={"client_id": "sandbox-client", "client_secret": "sandbox-secret",
                     "oidc_issuer": "https://sandbox.okta.example.com",
                     "authorize_scopes": "openid email profile", "attributes_request_method": "GET"},
    AttributeMapping={"email": "email", "name": "name", "username": "sub"},
)
user(pool, "Okta_1234567890", email="fed@example.com", email_verified="false",
     identities=identities("Okta", "OIDC"))
# No email at all.
user(pool, "ghost", name="Ghost")
# Healthy.
user(pool, "hana", email="hana@example.com", email_verified="true")

# A pool that does not send email codes, confirms by link without a domain, has an app client that
# cannot read email_verified, and a CustomMessage trigger.
legacy = c.create_user_pool(
    PoolName="legacy",
    VerificationMessageTemplate={"DefaultEmailOption": "CONFIRM_WITH_LINK"},
    LambdaConfig={"CustomMessage": "arn:aws:lambda:us-east-1:123456789012:function:custom-message"},
)["UserPool"]["Id"]
c.create_user_pool_client(UserPoolId=legacy, ClientName="mobile", ReadAttributes=["email", "name"])
# The CustomMessage function exists and lets Cognito invoke it for this pool, as a deployment
# that works leaves it: the pool shows its own causes, not a broken trigger.
iam = boto3.client("iam", region_name="us-east-1", endpoint_url=endpoint,
                   aws_access_key_id="sandbox", aws_secret_access_key="sandbox")
lam = boto3.client("lambda", region_name="us-east-1", endpoint_url=endpoint,
                   aws_access_key_id="sandbox", aws_secret_access_key="sandbox")
role = iam.create_role(RoleName="custom-message", AssumeRolePolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                            "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
code = io.BytesIO()
with zipfile.ZipFile(code, "w") as z:
    z.writestr("index.py", "def handler(event, context):\n    return event\n")
lam.create_function(FunctionName="custom-message", Runtime="python3.12", Role=role, Handler="index.handler",
                    Code={"ZipFile": code.getvalue()})
lam.add_permission(FunctionName="custom-message", StatementId="cognito", Action="lambda:InvokeFunction",
                   Principal="cognito-idp.amazonaws.com", SourceAccount="123456789012",
                   SourceArn=c.describe_user_pool(UserPoolId=legacy)["UserPool"]["Arn"])
user(legacy, "bob", email="bob.new@example.com", email_verified="false")

# A pool as the console sets one up today: the same, and an email change waits for the new
# address to be verified (AttributesRequireVerificationBeforeUpdate), so a new address never signs
# in unverified. Its user is healthy.
current = c.create_user_pool(
    PoolName="current", AliasAttributes=["email"], AutoVerifiedAttributes=["email"],
    UserAttributeUpdateSettings={"AttributesRequireVerificationBeforeUpdate": ["email"]},
    EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "SourceArn": IDENTITY_ARN},
    AccountRecoverySetting={"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]},
)["UserPool"]["Id"]
c.create_user_pool_client(UserPoolId=current, ClientName="web")
user(current, "hana", email="hana@example.com", email_verified="true")

print(f"POOL={pool}")
print(f"CURRENT_POOL={current}")
print(f"LEGACY_POOL={legacy}")
print(f"CLIENT_ID={client_id}")
sys.stdout.flush()
