package org.kvmstack.cloud.identity;

/**
 * A newly issued token. The value is shown to the caller once and stored only as a hash.
 *
 * @param value   the secret bearer value ({@code X-Subject-Token})
 * @param context what the token proves
 */
public record IssuedToken(String value, AuthContext context) {
    @Override
    public String toString() {
        return "IssuedToken[auditId=" + context.auditId() + "]";
    }
}
