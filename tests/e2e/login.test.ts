/** Login page: shows, rejects a wrong password with a message, asks for missing fields. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openApp, SCREENSHOT_DIR } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('login page', () => {
  it('shows the login form in Chinese by default', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.locator('form.login-card').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#login-title').textContent()).toContain('网格化服务');
    expect(await page.locator('button[type=submit]').textContent()).toBe('登录');
    await expect(page.locator('input[name=username]').isVisible()).resolves.toBe(true);
    await expect(page.locator('input[name=password]').getAttribute('type')).resolves.toBe('password');
    // no session cookie yet: the top bar must not be there
    expect(await page.locator('header.topbar').count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/login.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells the user when the password is wrong, and stays on the login page', async () => {
    const { page, context, errors } = await openApp(browser);
    await page.locator('input[name=username]').fill('dispatcher');
    await page.locator('input[name=password]').fill('not-the-password');
    const response = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.locator('button[type=submit]').click();
    expect((await response).status()).toBe(401);
    const alert = page.locator('[data-testid=login-error]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('用户名或密码错误，请重新输入。');
    expect(await page.locator('header.topbar').count()).toBe(0);
    // the message follows the language switch
    await page.locator('.lang-switch button[data-lang=en]').click();
    await page.locator('button[type=submit]', { hasText: 'Sign in' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks for both fields before calling the server', async () => {
    const { page, context, errors } = await openApp(browser);
    let loginCalls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/login')) loginCalls++;
    });
    await page.locator('input[name=username]').fill('admin');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=login-error]').waitFor();
    expect(await page.locator('[data-testid=login-error]').textContent()).toBe('请输入用户名和密码。');
    expect(loginCalls).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when there were too many attempts', async () => {
    const { page, context, errors } = await openApp(browser, { expectFailedLoads: /\/api\/auth\/login$/ });
    // the real limiter would also lock out the other tests' logins, so the 429 is staged in the browser
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({ status: 429, headers: { 'Retry-After': '600' }, contentType: 'application/json', body: '{"error":{"code":"rate_limited"}}' }),
    );
    await page.locator('input[name=username]').fill('dispatcher');
    await page.locator('input[name=password]').fill('guess');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=login-error]').waitFor();
    expect(await page.locator('[data-testid=login-error]').textContent()).toBe('登录尝试次数过多，请在 10 分钟后再试。');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says so when the server cannot be reached', async () => {
    const { page, context, errors } = await openApp(browser, { expectFailedLoads: /\/api\/auth\/login$/ });
    await page.route('**/api/auth/login', (route) => route.abort('connectionrefused'));
    await page.locator('input[name=username]').fill('dispatcher');
    await page.locator('input[name=password]').fill('gridops');
    await page.locator('button[type=submit]').click();
    await page.locator('[data-testid=login-error]').waitFor();
    expect(await page.locator('[data-testid=login-error]').textContent()).toBe('无法连接服务器，请稍后再试；如持续出现，请联系系统管理员。');
    // the form is usable again for a retry
    expect(await page.locator('button[type=submit]').isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
