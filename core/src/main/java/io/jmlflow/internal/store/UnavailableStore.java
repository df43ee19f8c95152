package io.jmlflow.internal.store;

import io.jmlflow.MlflowException;

import java.lang.reflect.Proxy;

/**
 * Stands in for a store that could not be opened (bad URI, corrupt database, unwritable path): every call
 * fails with the original reason, which the fluent API turns into warnings, so training goes on.
 */
public final class UnavailableStore {
    private UnavailableStore() {
    }

    public static TrackingStore create(String uri, String reason) {
        return (TrackingStore) Proxy.newProxyInstance(TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "uri": return uri;
                        case "close": return null;
                        case "toString": return "UnavailableStore[" + uri + "]";
                        case "hashCode": return System.identityHashCode(proxy);
                        case "equals": return proxy == args[0];
                        case "maxBatchEntries": return 1000;
                        case "isReachable": return false;
                        case "isRemote": return false;
                        case "writesBatchesWhole": return true;
                        case "withoutRetries": return proxy;
                        default: throw new MlflowException(MlflowException.IO_ERROR, reason);
                    }
                });
    }
}
