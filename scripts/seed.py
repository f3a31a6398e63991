"""Seeds a moto Cognito emulator with one user per documented cause of an unverified email.

Prints shell assignments (POOL=..., LEGACY_POOL=...) for the sandbox and benchmark scripts.
Everything is built through the Cognito API.
"""
import json
import os
import sys

import boto3

endpoint = os.environ["MOTO_ENDPOINT"]
c = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=endpoint,
                 aws_access_key_id="sandbox", aws_secret_access_key="sandbox")


def user(pool, username, **attrs):
    c.admin_create_user(UserPoolId=pool, Username=username, MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": k, "Value": v} for k, v in attrs.items()])


def identities(provider, ptype):
    return json.dumps([{"userId": "1234567890", "providerName": provider, "providerType": ptype,
                        "issuer": None, "primary": True, "dateCreated": 1700000000000}])


# A pool with email as an alias that sends email codes.
pool = c.create_user_pool(
    PoolName="sandbox", AliasAttributes=["email"], AutoVerifiedAttributes=["email"],
    Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
                                 "RequireNumbers": True, "RequireSymbols": False,
                                 "TemporaryPasswordValidityDays": 3}},
)["UserPool"]["Id"]
client_id = c.create_user_pool_client(UserPoolId=pool, ClientName="web")["UserPoolClient"]["ClientId"]

# Cause 1: alice changed her email; Cognito set email_verified to false.
user(pool, "alice", email="alice.new@example.com", email_verified="false")
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

# A pool that does not send email codes.
legacy = c.create_user_pool(PoolName="legacy")["UserPool"]["Id"]
user(legacy, "bob", email="bob.new@example.com", email_verified="false")

print(f"POOL={pool}")
print(f"LEGACY_POOL={legacy}")
print(f"CLIENT_ID={client_id}")
sys.stdout.flush()
