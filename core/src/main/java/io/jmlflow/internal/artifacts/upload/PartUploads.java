package io.jmlflow.internal.artifacts.upload;

import io.jmlflow.MlflowException;
import io.jmlflow.MlflowHttpException;
import io.jmlflow.internal.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the parts of a multipart upload that are not done yet, {@code parallelism} at a time, each streamed from the
 * file ({@link FileRegion}), and records each one the store took in the {@link UploadJournal}. The first part that
 * fails for good stops the others from starting; the parts already taken stay recorded, so the next attempt sends only
 * the rest.
 */
public final class PartUploads {
    /** Sends one part; returns the store's ETag for it. */
    public interface PartSender {
        String send(int partNumber, FileRegion region) throws Exception;
    }

    private PartUploads() {
    }

    /**
     * Sends every part of {@code plan} missing from {@code etags} (the ETags of the parts done, by number), adding each
     * one sent to it. Throws the first failure (an {@link MlflowException} as it came, anything else wrapped);
     * {@code etags} then holds what was done.
     */
    public static void run(java.nio.file.Path file, PartPlan plan, Map<Integer, String> etags, int parallelism,
                           PartSender sender, UploadJournal journal, String what) {
        List<Integer> todo = new ArrayList<>();
        for (int n = 1; n <= plan.count(); n++) if (!etags.containsKey(n)) todo.add(n);
        if (todo.isEmpty()) return;
        AtomicInteger next = new AtomicInteger();
        Throwable[] failure = new Throwable[1];
        int threads = Math.min(parallelism, todo.size());
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(new Runnable() {
                @Override
                public void run() {
                    while (true) {
                        synchronized (failure) {
                            if (failure[0] != null) return;
                        }
                        int i = next.getAndIncrement();
                        if (i >= todo.size()) return;
                        int n = todo.get(i);
                        try {
                            String etag = sender.send(n, new FileRegion(file, plan.offset(n), plan.length(n)));
                            journal.partDone(n, etag);
                            synchronized (etags) {
                                etags.put(n, etag);
                            }
                        } catch (Throwable e) {
                            synchronized (failure) {
                                if (failure[0] == null) failure[0] = e;
                            }
                            return;
                        }
                    }
                }
            }, "mlflow-upload-part-" + t);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (failure) {
                    if (failure[0] == null) failure[0] = e;
                }
                for (Thread other : workers) other.interrupt();
            }
        }
        Throwable f;
        synchronized (failure) {
            f = failure[0];
        }
        if (f != null) {
            int sent;
            synchronized (etags) {
                sent = etags.size();
            }
            Log.debug(what + ": " + sent + " of " + plan.count() + " parts uploaded before a failure", f);
            if (f instanceof MlflowException m) throw m;
            // as when no answer came: worth sending again later
            throw new MlflowHttpException(MlflowException.IO_ERROR, what + ": part upload failed after " + sent + " of "
                    + plan.count() + " parts: " + f, 0, f);
        }
    }
}
