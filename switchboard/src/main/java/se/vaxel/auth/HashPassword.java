package se.vaxel.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes the {@code passwordHash} of a users file entry:
 * {@code java -cp switchboard/target/vaxel-switchboard.jar se.vaxel.auth.HashPassword}.
 * The password is read from the terminal (asked twice, not echoed) or, when piped, the first line of
 * standard input; never from the command line, where other users of the machine and the shell history see it.
 */
public final class HashPassword {

    private HashPassword() {}

    public static void main(String[] args) {
        int status = run(args, System.console(), System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("HashPassword takes no arguments: the password is read from standard input, never the command line.");
            return 2;
        }
        String password;
        try {
            password = console != null ? fromTerminal(console) : firstLine(in);
        } catch (IOException e) {
            err.println("Cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null) {
            err.println("The two passwords differ; nothing was made.");
            return 2;
        }
        String why = Passwords.problem(password);
        if (why != null) {
            err.println("Not hashed: " + why + ".");
            return 2;
        }
        out.println(new Passwords().hash(password));
        return 0;
    }

    /** Asked twice, not echoed; null when the two differ. */
    private static String fromTerminal(Console console) {
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Again: ");
        try {
            return first != null && Arrays.equals(first, again) ? new String(first) : null;
        } finally {
            Arrays.fill(first == null ? new char[0] : first, '\0');
            Arrays.fill(again == null ? new char[0] : again, '\0');
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
