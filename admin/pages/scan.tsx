// 受付スキャン: the entrance reads the resident's check-in QR code with the device camera
// (getUserMedia frames decoded by jsQR, loaded only on this page) or takes a typed receipt
// number; the server decides 入室 or 退室 (engine/staff/scan.ts). `?kiosk=1` is the tablet
// at the entrance: large text, no menu, the camera always on.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, L } from '../api';
import { route } from '../router';
import { dateLabel, ErrorBox } from '../components/ui';

interface ScanResult {
  action: 'checked-in' | 'checked-out';
  receiptNo: string;
  serviceTitle: string;
  resourceTitle: string;
  date: string;
  time: string;
}

/** Seconds a result stays on screen before the camera reads again (one code, one scan). */
const HOLD_MS = 3000;

export function ScanPage() {
  const kiosk = route.value.query.kiosk === '1';
  const video = useRef<HTMLVideoElement>(null);
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [camera, setCamera] = useState<'off' | 'starting' | 'on' | 'unavailable'>('off');
  const [typed, setTyped] = useState('');
  const busy = useRef(false);
  const lastCode = useRef<{ code: string; at: number } | null>(null);

  const submit = async (body: { code?: string; receiptNo?: string }) => {
    if (busy.current) return;
    busy.current = true;
    try {
      setError(null);
      setResult(await api<ScanResult>('POST', '/checkin/scan', body));
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      busy.current = false;
    }
  };

  useEffect(() => {
    if (camera !== 'starting') return;
    let stopped = false;
    let stream: MediaStream | undefined;
    void (async () => {
      try {
        const [{ default: jsQR }, media] = await Promise.all([import('jsqr'), navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })]);
        stream = media;
        const v = video.current!;
        v.srcObject = media;
        await v.play();
        setCamera('on');
        const canvas = document.createElement('canvas');
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        const tick = () => {
          if (stopped) return;
          if (v.videoWidth && !busy.current) {
            canvas.width = v.videoWidth;
            canvas.height = v.videoHeight;
            ctx.drawImage(v, 0, 0);
            const found = jsQR(ctx.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height, { inversionAttempts: 'dontInvert' });
            const now = Date.now();
            // The same code held in front of the camera is one scan, not one per frame.
            if (found?.data && !(lastCode.current && lastCode.current.code === found.data && now - lastCode.current.at < HOLD_MS)) {
              lastCode.current = { code: found.data, at: now };
              void submit({ code: found.data });
            }
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      } catch {
        if (!stopped) setCamera('unavailable');
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [camera === 'starting' || camera === 'on']);

  useEffect(() => {
    if (kiosk && camera === 'off') setCamera('starting');
  }, [kiosk]);

  const words = result && (result.action === 'checked-in' ? L('入室を記録しました', 'Checked in') : L('退室を記録しました', 'Checked out'));
  return (
    <section class={kiosk ? 'scan kiosk' : 'scan'}>
      <h1>{L('受付スキャン', 'Check-in scanner')}</h1>
      <p>{L('予約者のQRコードをカメラにかざしてください。読み取れないときは受付番号を入力してください。', 'Hold the QR code to the camera, or type the receipt number.')}</p>
      <div class="scan-camera">
        <video ref={video} muted playsInline aria-label={L('カメラの映像', 'Camera view')} hidden={camera !== 'on'} />
        {camera === 'off' && (
          <button type="button" class="primary" onClick={() => setCamera('starting')}>
            {L('カメラを起動', 'Start the camera')}
          </button>
        )}
        {camera === 'starting' && <p>{L('カメラを起動しています…', 'Starting the camera…')}</p>}
        {camera === 'unavailable' && <p class="error">{L('カメラを使えません（許可されていないか、カメラがありません）。受付番号を入力してください。', 'No camera (not allowed or none). Type the receipt number.')}</p>}
      </div>
      <div role="status" aria-live="polite" data-testid="scan-result">
        {result && (
          <div class={`scan-result ${result.action}`}>
            <strong>{words}</strong>
            <p>
              {L(`受付番号 ${result.receiptNo}`, `Receipt ${result.receiptNo}`)}　{result.serviceTitle}　{result.resourceTitle}　{dateLabel(result.date)} {result.time}
            </p>
          </div>
        )}
      </div>
      <ErrorBox error={error} />
      <form
        class="scan-typed"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) void submit({ receiptNo: typed.trim() }).then(() => setTyped(''));
        }}
      >
        <label>
          {L('受付番号', 'Receipt no.')}{' '}
          <input inputMode="numeric" value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} />
        </label>{' '}
        <button type="submit">{L('入室・退室を記録', 'Record')}</button>
      </form>
    </section>
  );
}
