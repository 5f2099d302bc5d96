package cn.yiwang.security;

import org.mindrot.jbcrypt.BCrypt;

import jakarta.inject.Singleton;

/** bcrypt (cost 10) password hashing; thread-safe. */
@Singleton
public class PasswordHasher {

    private static final int COST = 10;
    /** Checked against a hash even when the user does not exist, so timing does not reveal usernames. */
    private static final String DUMMY_HASH = BCrypt.hashpw("not-a-password", BCrypt.gensalt(COST));

    public String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(COST));
    }

    public boolean matches(String password, String hash) {
        if (hash == null) {
            BCrypt.checkpw(password, DUMMY_HASH);
            return false;
        }
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
