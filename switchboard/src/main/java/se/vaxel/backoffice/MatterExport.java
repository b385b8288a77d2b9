package se.vaxel.backoffice;

/**
 * Tells an external case-management system about a matter: when it is transferred and when it is closed.
 * The shipped one is a webhook delivered until acknowledged ({@link WebhookExports}); {@link #NONE} when
 * no system is configured.
 */
@FunctionalInterface
public interface MatterExport {

    String TRANSFERRED = "matter.transferred";
    String CLOSED = "matter.closed";

    MatterExport NONE = (type, matter) -> { };

    /** Must not block: the matter is queued for delivery, which happens later and is retried. */
    void exported(String type, Matter matter);
}
